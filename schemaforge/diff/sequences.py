"""Sequences: OWNED BY is its own step (it needs the table); a serial turned identity frees
its sequence's name early."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..model import Database
from .catalog_text import catalog_name, default_sequence
from .keys import by_key, qkey


def diff_sequences(cur: Database, des: Database) -> list[ch.Change]:
    c, d = by_key(cur.sequences, qkey), by_key(des.sequences, qkey)
    out: list[ch.Change] = []
    for k, s in d.items():
        if k not in c:
            # OWNED BY needs the table, so it is set by a separate step after tables exist.
            out.append(ch.CreateSequence(replace(s, owned_by=None)))
            if s.owned_by:
                out.append(ch.AlterSequence(replace(s, owned_by=None), s))
    for k, s in c.items():
        if k not in d:
            if s.owned_by:
                out.append(ch.AlterSequence(s, replace(s, owned_by=None)))
            out.append(ch.DropSequence(replace(s, owned_by=None)))
    for k in sorted(c.keys() & d.keys()):
        if c[k] != d[k]:
            out.append(ch.AlterSequence(c[k], d[k]))
    return out


def release_serial_sequences(changes: list[ch.Change], table_changes: list[ch.Change]) -> list[ch.Change]:
    """A serial column turned identity frees its sequence's name: drop it early, so the
    identity's own sequence can take the name ``<table>_<column>_seq``."""
    released = set()
    for c in table_changes:
        if isinstance(c, ch.AlterColumn) and c.early:
            seq = default_sequence(c.old.default)
            if seq is not None:
                released.add(seq)
    if not released:
        return changes
    return [replace(c, early=True) if _released(c, released) else c for c in changes]


def _released(c: ch.Change, released: set[str]) -> bool:
    """A drop of a released sequence, or an alter of one that does not give it an owner."""
    if isinstance(c, ch.DropSequence):
        seq = c.sequence
    elif isinstance(c, ch.AlterSequence) and c.new.owned_by is None:
        seq = c.old
    else:
        return False
    return catalog_name(seq.schema, seq.name) in released
