"""A partition's NOT NULL names (PostgreSQL 18) that changed while the partition stays: each
column's name compared as it is in effect (the partition's own, else its parent's)."""

from __future__ import annotations

from .. import changes as ch
from ..model import Database, Table
from ..naming import default_not_null_name
from .keys import by_key, qkey


def diff_partition_not_nulls(cur: Database, des: Database, table_changes: list[ch.Change]) -> list[ch.Change]:
    """One detach-rename-attach per partition whose names in effect differ; partitions created
    (or recreated) by ``table_changes`` get their names in CREATE TABLE."""
    created = {qkey(c.table) for c in table_changes if isinstance(c, ch.CreateTable)}
    c, d = by_key(cur.tables, qkey), by_key(des.tables, qkey)
    out: list[ch.Change] = []
    for k in sorted((c.keys() & d.keys()) - created):
        a, b = c[k], d[k]
        if b.partition_of is None or b.partition_bound is None or (
                not a.partition_not_null_names and not b.partition_not_null_names):
            continue
        columns = sorted({col for col, _ in (*a.partition_not_null_names, *b.partition_not_null_names)})
        renames = []
        for col in columns:
            old, new = _in_effect(cur, a, col), _in_effect(des, b, col)
            if old and new and old != new:
                renames.append((col, old, new))
        if renames:
            out.append(ch.RenamePartitionNotNulls(b.qname, b.partition_of, b.partition_bound, tuple(renames)))
    return out


def _in_effect(db: Database, t: Table, column: str, depth: int = 0) -> str | None:
    """The NOT NULL name of ``column`` on ``t``: its own, else the parent's (None if unknown)."""
    own = dict(t.partition_not_null_names).get(column)
    if own is not None:
        return own
    if t.partition_of is not None:
        parent = db.table(t.partition_of.schema, t.partition_of.name)
        return _in_effect(db, parent, column, depth + 1) if parent is not None and depth < 32 else None
    col = t.column(column)
    if col is None or col.nullable:
        return None
    return col.not_null_name or default_not_null_name(t.name, column)
