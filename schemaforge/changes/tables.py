"""Tables: created with their columns, primary key, uniques and checks inline."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import QName, Table
from .base import (
    Change,
    Hazard,
    Key,
    Stage,
    class_name,
    constraint_name,
    relation,
    schema_key,
    table_key,
    unique_key,
)
from .columns import column_mentions, column_provides
from .partition_bounds import bounds_free


@dataclass(frozen=True)
class CreateTable(Change):
    """Columns, primary key, uniques and checks inline; FKs and indexes are separate changes."""

    table: Table
    symbol = "+"

    def reverse(self) -> Change:
        return DropTable(self.table)

    subject = property(lambda self: f"table {self.table.qname}")

    def describe(self) -> str:
        return f"create table {self.table.qname} ({len(self.table.columns)} columns)"

    stage = Stage.TABLES

    def provides(self):
        t = self.table
        return (table_key(t.qname), relation(t.qname), class_name(t.schema, t.name), *_inline(t))

    def requires(self):
        t = self.table
        # a new partition takes its bounds once the partitions moving away from them are detached
        parent = (*((table_key(t.partition_of), bounds_free(t.partition_of)) if t.partition_of else ()),
                  *(table_key(p) for p in t.inherits))
        return (schema_key(t.schema), *parent, *(k for c in t.columns for k in column_mentions(c)))


@dataclass(frozen=True)
class DropTable(Change):
    table: Table
    symbol = "-"
    replaced: bool = False  # dropped to be created again: goes before the creation

    def reverse(self) -> Change:
        return CreateTable(self.table)

    subject = property(lambda self: f"table {self.table.qname}")

    def describe(self) -> str:
        return f"drop table {self.table.qname}"

    def hazards(self):
        return (Hazard("data_loss", f"drops table {self.table.qname} and all its rows", destructive=True, code="SF101"),)

    stage = Stage.DROP_TABLES

    def provides(self):
        # a dropped partition frees its bounds for a partition attached with new ones
        return (bounds_free(self.table.partition_of),) if self.table.partition_of else ()

    def removes(self):
        t = self.table
        return (table_key(t.qname), relation(t.qname), class_name(t.schema, t.name), *_inline(t))

    def releases(self):
        t = self.table
        parent = (*((table_key(t.partition_of),) if t.partition_of else ()), *(table_key(p) for p in t.inherits))
        return (schema_key(t.schema), *parent, *(k for c in t.columns for k in column_mentions(c)))


@dataclass(frozen=True)
class RenameTable(Change):
    schema: str
    old_name: str
    new_name: str

    def reverse(self) -> Change:
        return RenameTable(self.schema, self.new_name, self.old_name)

    subject = property(lambda self: f"table {self.schema}.{self.new_name}")

    def describe(self) -> str:
        return f"rename table {self.schema}.{self.old_name} to {self.new_name}"

    def hazards(self):
        return (Hazard("compatibility", f"renaming table {self.schema}.{self.old_name} to {self.new_name} breaks "
                                        "running code that still uses the old name", code="SF502"),)

    stage = Stage.RENAMES

    def provides(self):
        new = QName(self.schema, self.new_name)
        return (table_key(new), relation(new), class_name(self.schema, self.new_name))

    def removes(self):
        old = QName(self.schema, self.old_name)
        return (table_key(old), relation(old), class_name(self.schema, self.old_name))


def _inline(t: Table) -> tuple[Key, ...]:
    """What a table is created with (and dropped with): its columns, its primary key, uniques,
    checks and exclusions, and the names they take."""
    out = [k for c in t.columns for k in column_provides(t.qname, c)]
    keys = (*((t.primary_key,) if t.primary_key else ()), *t.uniques)
    for con in (*keys, *t.checks, *t.exclusions):
        out.append(constraint_name(t.qname, con.name))
    for con in (*keys, *t.exclusions):
        out.append(class_name(t.schema, con.name))
    out += [unique_key(t.qname, con.columns) for con in keys]
    return tuple(out)
