"""Partitions whose bounds alone change (same parent, same partitioning of their own): moved
by detaching and attaching again (:mod:`schemaforge.changes.partition_bounds`), keeping the
table and its rows, instead of dropping and creating it."""

from __future__ import annotations

from .. import changes as ch
from ..model import Table


def rebound(c: dict[tuple[str, str], Table], d: dict[tuple[str, str], Table]) -> set[tuple[str, str]]:
    """Keys of the partitions on both sides whose only partitioning change is their bounds."""
    return {
        k for k in c.keys() & d.keys()
        if c[k].partition_of is not None and c[k].partition_of == d[k].partition_of
        and c[k].partition_by == d[k].partition_by and c[k].partition_bound != d[k].partition_bound
    }


def move_bounds(c: dict[tuple[str, str], Table], d: dict[tuple[str, str], Table],
                keys: set[tuple[str, str]]) -> list[ch.Change]:
    """Detach each, then attach each with its new bounds (in key order; keys order them)."""
    out: list[ch.Change] = []
    for k in sorted(keys):
        old, new = c[k], d[k]
        out.append(ch.DetachPartition(old.qname, old.partition_of, old.partition_bound or "DEFAULT"))
        out.append(ch.AttachPartition(new.qname, new.partition_of, new.partition_bound or "DEFAULT"))
    return out
