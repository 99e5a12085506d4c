"""A table moved to another PostgreSQL schema (``ALTER TABLE ... SET SCHEMA``), from a
``moved_from:`` hint: its indexes, constraints and owned sequences go with it, so nothing is
dropped or created and no row is touched."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import QName, Table
from .base import Change, Hazard, Key, Stage, class_name, column_key, relation, schema_key, table_key
from .statistics import statistics_key


@dataclass(frozen=True)
class MoveTable(Change):
    """``table`` as it is before the move (in ``table.schema``), renamed to ``new_name`` in
    its new schema when that differs (one change: a rename after the move would free and take
    the same key); ``sequences``: the names of the sequences its columns own, which move with it."""

    table: Table
    new_schema: str
    sequences: tuple[str, ...] = ()
    new_name: str = ""  # "" = the same name
    # renamed in the old schema before the move: the down of a move then rename, which goes
    # through the same intermediate name (the old name in the new schema)
    rename_first: bool = False

    def reverse(self) -> Change:
        moved = replace(self.table, schema=self.new_schema, name=self.new_name or self.table.name)
        return MoveTable(moved, self.table.schema, self.sequences, self.table.name if self.new_name else "",
                         not self.rename_first)

    subject = property(lambda self: f"table {self.new_schema}.{self.new_name or self.table.name}")

    def describe(self) -> str:
        renamed = f" as {self.new_name}" if self.new_name else ""
        return f"move table {self.table.qname} to schema {self.new_schema}{renamed}"

    def hazards(self):
        return (Hazard("compatibility", f"moving table {self.table.qname} to schema {self.new_schema} breaks "
                                        "running code that names it by its old schema", code="SF502"),)

    stage = Stage.RENAMES

    def _keys(self, schema: str, name: str) -> tuple[Key, ...]:
        t = self.table
        q = QName(schema, name)
        return (table_key(q), relation(q), class_name(schema, name), *(column_key(q, c.name) for c in t.columns),
                *(statistics_key(schema, s.name) for s in t.statistics))

    def provides(self):
        # not the names of its indexes and sequences in the new schema: a constraint renamed
        # there after the move frees one of them, which would read as "free before take"
        return self._keys(self.new_schema, self.new_name or self.table.name)

    def removes(self):
        t = self.table
        names = [i.name for i in t.indexes] + list(self.sequences)
        names += [c.name for c in (*((t.primary_key,) if t.primary_key else ()), *t.uniques, *t.exclusions)]
        return (*self._keys(t.schema, t.name), *(class_name(t.schema, n) for n in names))

    def requires(self):
        return (schema_key(self.new_schema),)

    def releases(self):
        return (schema_key(self.table.schema),)
