"""Foreign keys kept as they are whose referenced key the plan drops.

PostgreSQL ties a foreign key to the one unique index it found when the key was added, so a
primary key or unique constraint (or unique index) cannot be dropped while a foreign key leans
on it, even when the desired schema has another key on the same columns (a unique constraint
turned into the primary key). Such a foreign key is dropped before the key and added again
after the new one: the order follows from the changes' keys (``unique_key``), since the
drop releases and the add requires the referenced columns' key.
"""

from __future__ import annotations

from .. import changes as ch
from ..model import Database, Index, PrimaryKey, QName, Unique


def refound_foreign_keys(current: Database, desired: Database, table_changes: list[ch.Change]) -> list[ch.Change]:
    """A drop and an add for each foreign key unchanged in ``desired`` that references the
    columns of a key dropped among ``table_changes``; none already dropped there."""
    dropped = {_dropped_key(c) for c in table_changes} - {None}
    if not dropped:
        return []
    handled = {(c.table, c.constraint.name) for c in table_changes
               if isinstance(c, (ch.DropConstraint, ch.AddConstraint))}
    out: list[ch.Change] = []
    for t in current.tables:
        kept = desired.table(t.schema, t.name)
        if kept is None:
            continue
        for fk in t.foreign_keys:
            twin = next((f for f in kept.foreign_keys if f.name == fk.name), None)
            if twin != fk or (t.qname, fk.name) in handled \
                    or (fk.ref_table, frozenset(fk.ref_columns)) not in dropped:
                continue
            partitioned = t.partition_by is not None
            out += [ch.DropConstraint(t.qname, fk, partitioned=partitioned),
                    ch.AddConstraint(t.qname, fk, partitioned=partitioned)]
    return out


def _dropped_key(c: ch.Change) -> tuple[QName, frozenset[str]] | None:
    """The table and column set of a primary key, unique constraint or plain unique index
    that ``c`` drops."""
    if isinstance(c, ch.DropConstraint) and isinstance(c.constraint, (PrimaryKey, Unique)) and not c.new_table:
        return c.table, frozenset(c.constraint.columns)
    if isinstance(c, ch.DropIndex) and isinstance(c.index, Index) and c.index.unique and not c.new_table \
            and c.index.where is None and all(e.column for e in c.index.elements):
        return c.table, frozenset(e.column for e in c.index.elements)
    return None
