"""Change operations: what the diff produces and the renderer turns into SQL.

As in Alembic's ``ops.py``, every operation knows its ``reverse()``, so the down script is
derived from the same list as the up script: reversing each operation and the order of the
list undoes a valid sequence step by step. Each operation also names its hazards (data loss,
long locks, table rewrites) so plans can warn and destructive steps can require consent.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .model import (
    Check,
    Column,
    CompositeType,
    Domain,
    Enum,
    Exclusion,
    Extension,
    ForeignKey,
    Index,
    PrimaryKey,
    QName,
    Schema,
    Sequence,
    Table,
    Unique,
    View,
)

if TYPE_CHECKING:
    from .typecast import Conversion

Constraint = PrimaryKey | Unique | Check | ForeignKey | Exclusion


@dataclass(frozen=True)
class Hazard:
    kind: str  # data_loss | table_rewrite | long_lock | validation | irreversible
    message: str
    destructive: bool = False


class Change:
    """Base of all operations. Subclasses are frozen dataclasses."""

    symbol = "~"  # + create, ~ change, - drop

    def reverse(self) -> Change:
        raise NotImplementedError

    def hazards(self) -> tuple[Hazard, ...]:
        return ()

    @property
    def subject(self) -> str:
        """The object the change is about, for grouping in plan output."""
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    @property
    def kind(self) -> str:
        import re

        return re.sub(r"(?<!^)(?=[A-Z])", "_", type(self).__name__).lower()

    @property
    def destructive(self) -> bool:
        return any(h.destructive for h in self.hazards())


# --- schemas and extensions ---------------------------------------------------------------


@dataclass(frozen=True)
class CreateSchema(Change):
    schema: Schema
    symbol = "+"

    def reverse(self) -> Change:
        return DropSchema(self.schema)

    subject = property(lambda self: f"schema {self.schema.name}")

    def describe(self) -> str:
        return f"create schema {self.schema.name}"


@dataclass(frozen=True)
class DropSchema(Change):
    schema: Schema
    symbol = "-"

    def reverse(self) -> Change:
        return CreateSchema(self.schema)

    subject = property(lambda self: f"schema {self.schema.name}")

    def describe(self) -> str:
        return f"drop schema {self.schema.name}"

    def hazards(self):
        return (Hazard("data_loss", f"drops schema {self.schema.name}", destructive=True),)


@dataclass(frozen=True)
class CreateExtension(Change):
    extension: Extension
    symbol = "+"

    def reverse(self) -> Change:
        return DropExtension(self.extension)

    subject = property(lambda self: f"extension {self.extension.name}")

    def describe(self) -> str:
        return f"create extension {self.extension.name}"


@dataclass(frozen=True)
class DropExtension(Change):
    extension: Extension
    symbol = "-"

    def reverse(self) -> Change:
        return CreateExtension(self.extension)

    subject = property(lambda self: f"extension {self.extension.name}")

    def describe(self) -> str:
        return f"drop extension {self.extension.name}"


@dataclass(frozen=True)
class MoveExtension(Change):
    """``ALTER EXTENSION ... SET SCHEMA``: the extension's objects move with it."""

    name: str
    old_schema: str
    new_schema: str

    def reverse(self) -> Change:
        return MoveExtension(self.name, self.new_schema, self.old_schema)

    subject = property(lambda self: f"extension {self.name}")

    def describe(self) -> str:
        return f"move extension {self.name} from schema {self.old_schema} to {self.new_schema}"


# --- domains and composite types ------------------------------------------------------------


@dataclass(frozen=True)
class CreateDomain(Change):
    domain: Domain
    symbol = "+"

    def reverse(self) -> Change:
        return DropDomain(self.domain)

    subject = property(lambda self: f"domain {self.domain.qname}")

    def describe(self) -> str:
        return f"create domain {self.domain.qname} as {self.domain.type}"


@dataclass(frozen=True)
class DropDomain(Change):
    domain: Domain
    symbol = "-"
    replaced: bool = False  # dropped to be created again: goes before the creation

    def reverse(self) -> Change:
        return CreateDomain(self.domain)

    subject = property(lambda self: f"domain {self.domain.qname}")

    def describe(self) -> str:
        return f"drop domain {self.domain.qname}"


@dataclass(frozen=True)
class AlterDomain(Change):
    """Default, NOT NULL, checks and comment of a domain (its type and collation stay)."""

    old: Domain
    new: Domain

    def reverse(self) -> Change:
        return AlterDomain(self.new, self.old)

    subject = property(lambda self: f"domain {self.new.qname}")

    def describe(self) -> str:
        return f"alter domain {self.new.qname}"

    def hazards(self):
        o, n = self.old, self.new
        added = {c.name for c in n.checks} - {c.name for c in o.checks}
        if added or (n.not_null and not o.not_null):
            return (Hazard("validation", f"columns of domain {n.qname} must satisfy its new constraints"),)
        return ()


@dataclass(frozen=True)
class CreateCompositeType(Change):
    type: CompositeType
    symbol = "+"

    def reverse(self) -> Change:
        return DropCompositeType(self.type)

    subject = property(lambda self: f"type {self.type.qname}")

    def describe(self) -> str:
        return f"create type {self.type.qname} ({', '.join(a[0] for a in self.type.attributes)})"


@dataclass(frozen=True)
class DropCompositeType(Change):
    type: CompositeType
    symbol = "-"
    replaced: bool = False  # dropped to be created again: goes before the creation

    def reverse(self) -> Change:
        return CreateCompositeType(self.type)

    subject = property(lambda self: f"type {self.type.qname}")

    def describe(self) -> str:
        return f"drop type {self.type.qname}"


@dataclass(frozen=True)
class AlterCompositeType(Change):
    """Drop, retype and append attributes in place (the diff recreates the type otherwise)."""

    old: CompositeType
    new: CompositeType

    def reverse(self) -> Change:
        return AlterCompositeType(self.new, self.old)

    subject = property(lambda self: f"type {self.new.qname}")

    def describe(self) -> str:
        return f"alter type {self.new.qname}"

    def hazards(self):
        gone = {a[0] for a in self.old.attributes} - {a[0] for a in self.new.attributes}
        if gone:
            return (Hazard("data_loss", f"drops attribute(s) {', '.join(sorted(gone))} of {self.new.qname}", destructive=True),)
        return ()


# --- enums ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateEnum(Change):
    enum: Enum
    symbol = "+"

    def reverse(self) -> Change:
        return DropEnum(self.enum)

    subject = property(lambda self: f"type {self.enum.qname}")

    def describe(self) -> str:
        return f"create enum {self.enum.qname} ({', '.join(self.enum.labels)})"


@dataclass(frozen=True)
class DropEnum(Change):
    enum: Enum
    symbol = "-"

    def reverse(self) -> Change:
        return CreateEnum(self.enum)

    subject = property(lambda self: f"type {self.enum.qname}")

    def describe(self) -> str:
        return f"drop enum {self.enum.qname}"


@dataclass(frozen=True)
class AddEnumValues(Change):
    """Append/insert labels in place with ALTER TYPE ... ADD VALUE (cannot be undone in place)."""

    old: Enum
    new: Enum
    columns: tuple[tuple[QName, str, str | None, str | None, bool], ...] = ()  # as RecreateEnum
    # Views over those columns, in creation order: the reverse recreates the enum, and
    # PostgreSQL refuses to change the type of a column a view uses.
    views: tuple[View, ...] = ()

    def reverse(self) -> Change:
        return RecreateEnum(self.new, self.old, tuple((t, c, nd, od, a) for t, c, od, nd, a in self.columns),
                            self.views)

    subject = property(lambda self: f"type {self.new.qname}")

    def describe(self) -> str:
        added = [v for v in self.new.labels if v not in self.old.labels]
        return f"add value(s) {', '.join(added)} to enum {self.new.qname}"


@dataclass(frozen=True)
class RenameEnumValue(Change):
    enum: QName
    old_label: str
    new_label: str

    def reverse(self) -> Change:
        return RenameEnumValue(self.enum, self.new_label, self.old_label)

    subject = property(lambda self: f"type {self.enum}")

    def describe(self) -> str:
        return f"rename value {self.old_label} to {self.new_label} in enum {self.enum}"


@dataclass(frozen=True)
class RecreateEnum(Change):
    """Remove or reorder labels: create the new type, convert each column, drop the old one.

    ``columns`` lists (table, column, old default, new default, is array) of every column using
    the type. Rows holding a removed label make it fail (safely, in its transaction).
    """

    old: Enum
    new: Enum
    columns: tuple[tuple[QName, str, str | None, str | None, bool], ...] = ()
    # Views dropped before and created again after (the reverse of AddEnumValues). A plan's
    # own RecreateEnum leaves this empty: its views are DropView/CreateView changes of the plan.
    views: tuple[View, ...] = ()

    def reverse(self) -> Change:
        return RecreateEnum(self.new, self.old, tuple((t, c, nd, od, a) for t, c, od, nd, a in self.columns),
                            self.views)

    subject = property(lambda self: f"type {self.new.qname}")

    def describe(self) -> str:
        return f"recreate enum {self.new.qname} ({', '.join(self.old.labels)}) -> ({', '.join(self.new.labels)})"

    def hazards(self):
        removed = [v for v in self.old.labels if v not in self.new.labels]
        hz = [Hazard("table_rewrite", f"rewrites every column of type {self.new.qname}")]
        if removed:
            hz.append(
                Hazard(
                    "data_loss",
                    f"removes label(s) {', '.join(removed)} from {self.new.qname}: rows holding them make the migration fail",
                    destructive=True,
                )
            )
        return tuple(hz)


# --- sequences ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateSequence(Change):
    sequence: Sequence
    symbol = "+"

    def reverse(self) -> Change:
        return DropSequence(self.sequence)

    subject = property(lambda self: f"sequence {self.sequence.qname}")

    def describe(self) -> str:
        return f"create sequence {self.sequence.qname}"


@dataclass(frozen=True)
class DropSequence(Change):
    sequence: Sequence
    symbol = "-"
    early: bool = field(default=False, compare=False)  # a serial's sequence, before its identity replaces it

    def reverse(self) -> Change:
        return CreateSequence(self.sequence)

    subject = property(lambda self: f"sequence {self.sequence.qname}")

    def describe(self) -> str:
        return f"drop sequence {self.sequence.qname}"

    def hazards(self):
        return (Hazard("data_loss", f"drops sequence {self.sequence.qname} and its current value", destructive=True),)


@dataclass(frozen=True)
class AlterSequence(Change):
    old: Sequence
    new: Sequence
    early: bool = field(default=False, compare=False)  # see DropSequence.early

    def reverse(self) -> Change:
        return AlterSequence(self.new, self.old)

    subject = property(lambda self: f"sequence {self.new.qname}")

    def describe(self) -> str:
        return f"alter sequence {self.new.qname}"


# --- tables ---------------------------------------------------------------------------------


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
        return (Hazard("data_loss", f"drops table {self.table.qname} and all its rows", destructive=True),)


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


@dataclass(frozen=True)
class SetTableComment(Change):
    table: QName
    old: str | None
    new: str | None
    relkind: str = "TABLE"  # TABLE | VIEW | MATERIALIZED VIEW

    def reverse(self) -> Change:
        return replace(self, old=self.new, new=self.old)

    subject = property(lambda self: f"{self.relkind.lower()} {self.table}")

    def describe(self) -> str:
        return f"set comment on {self.relkind.lower()} {self.table}"


@dataclass(frozen=True)
class SetComment(Change):
    """Comment on a column, constraint, index, type, sequence or schema."""

    target: str  # "COLUMN" | "CONSTRAINT" | "INDEX" | "TYPE" | "SEQUENCE" | "SCHEMA"
    name: tuple[str, ...]  # path: (schema, table, column) / (schema, table, constraint) / (schema, obj) / (schema,)
    old: str | None
    new: str | None

    def reverse(self) -> Change:
        return replace(self, old=self.new, new=self.old)

    @property
    def subject(self) -> str:
        if self.target in ("COLUMN", "CONSTRAINT"):
            return f"table {self.name[0]}.{self.name[1]}"
        return f"{self.target.lower()} {'.'.join(self.name)}"

    def describe(self) -> str:
        what = self.name[-1]
        return f"set comment on {self.target.lower()} {what}" if self.new is not None else f"remove comment on {self.target.lower()} {what}"


# --- columns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddColumn(Change):
    table: QName
    column: Column
    symbol = "+"

    def reverse(self) -> Change:
        return DropColumn(self.table, self.column)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"add column {self.column.name} {self.column.type}"

    def hazards(self):
        c = self.column
        if not c.nullable and c.default is None and c.identity is None and c.generated is None:
            return (Hazard("validation", f"{self.table}.{c.name} is NOT NULL without a default: fails if the table has rows"),)
        if c.generated is not None:
            return (Hazard("table_rewrite", f"generated column {c.name} rewrites {self.table}"),)
        return ()


@dataclass(frozen=True)
class DropColumn(Change):
    table: QName
    column: Column
    symbol = "-"

    def reverse(self) -> Change:
        return AddColumn(self.table, self.column)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"drop column {self.column.name}"

    def hazards(self):
        return (Hazard("data_loss", f"drops column {self.table}.{self.column.name} and its data", destructive=True),)


@dataclass(frozen=True)
class RenameColumn(Change):
    table: QName
    old_name: str
    new_name: str

    def reverse(self) -> Change:
        return RenameColumn(self.table, self.new_name, self.old_name)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"rename column {self.old_name} to {self.new_name}"


@dataclass(frozen=True)
class AlterColumn(Change):
    """Type, nullability, default, identity and collation of one column, old → new."""

    table: QName
    old: Column
    new: Column
    using: str | None = None  # USING expression when PostgreSQL has no assignment cast
    reverse_using: str | None = field(default=None, compare=False)
    # early: releases a serial default or an identity before sequences are created/dropped,
    # so a serial <-> identity swap can reuse the name <table>_<column>_seq
    early: bool = field(default=False, compare=False)
    # what the type change does to the values, from the catalog (schemaforge.typecast);
    # None = not checked: assume the worst
    conversion: Conversion | None = field(default=None, compare=False)
    reverse_conversion: Conversion | None = field(default=None, compare=False)

    def reverse(self) -> Change:
        return AlterColumn(self.table, self.new, self.old, self.reverse_using, self.using, self.early,
                           self.reverse_conversion, self.conversion)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        o, n = self.old, self.new
        parts = []
        if (o.type, o.collation) != (n.type, n.collation):
            parts.append(f"type {o.type} -> {n.type}" + (f" collate {n.collation}" if n.collation != o.collation else ""))
        if o.nullable != n.nullable:
            parts.append("drop not null" if n.nullable else "set not null")
        if o.default != n.default:
            parts.append(f"default {o.default} -> {n.default}")
        if o.identity != n.identity:
            if o.identity and n.identity and replace(o.identity, sequence_name=None) == replace(n.identity, sequence_name=None):
                parts.append(f"rename identity sequence to {n.identity.sequence_name or 'its default name'}")
            else:
                parts.append("identity " + ("removed" if n.identity is None else ("always" if n.identity.always else "by default")))
        return f"alter column {n.name}: " + ", ".join(parts)

    def hazards(self):
        o, n, hz = self.old, self.new, []
        col = f"{self.table}.{n.name}"
        if o.type != n.type:
            conv = self.conversion
            change = f"{col}: {o.type} -> {n.type}"
            if conv is None:  # not checked against the catalog
                hz.append(Hazard("data_loss", f"{change} may fail on or change existing values", destructive=True))
                hz.append(Hazard("table_rewrite", f"{change} takes an ACCESS EXCLUSIVE lock and may rewrite the table"))
            else:
                if conv.lossy:
                    hz.append(Hazard("data_loss", f"{change} may fail on or change existing values: {conv.reason}",
                                     destructive=True))
                if conv.rewrite:
                    hz.append(Hazard("table_rewrite", f"{change} rewrites the table and its indexes under an "
                                                      "ACCESS EXCLUSIVE lock"))
        if o.nullable and not n.nullable:
            hz.append(Hazard("validation", f"{col}: SET NOT NULL scans the table and fails if it holds NULLs"))
        return tuple(hz)


# --- constraints and indexes ----------------------------------------------------------------


@dataclass(frozen=True)
class AddConstraint(Change):
    table: QName
    constraint: Constraint
    symbol = "+"
    new_table: bool = False  # the table is created in the same plan: no online-safety dance
    partitioned: bool = False  # on a partitioned table: NOT VALID is not supported there

    def reverse(self) -> Change:
        return DropConstraint(self.table, self.constraint, self.new_table, self.partitioned)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"add {_ckind(self.constraint)} {self.constraint.name}"

    def hazards(self):
        if self.new_table:
            return ()
        if isinstance(self.constraint, (PrimaryKey, Unique)):
            return (Hazard("long_lock", f"{self.constraint.name}: builds an index while holding a lock on {self.table}"),)
        return (Hazard("validation", f"{self.constraint.name}: existing rows of {self.table} must satisfy it"),)


@dataclass(frozen=True)
class DropConstraint(Change):
    table: QName
    constraint: Constraint
    new_table: bool = False
    partitioned: bool = False
    symbol = "-"

    def reverse(self) -> Change:
        return AddConstraint(self.table, self.constraint, self.new_table, self.partitioned)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"drop {_ckind(self.constraint)} {self.constraint.name}"


@dataclass(frozen=True)
class RenameConstraint(Change):
    table: QName
    old_name: str
    new_name: str

    def reverse(self) -> Change:
        return RenameConstraint(self.table, self.new_name, self.old_name)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"rename constraint {self.old_name} to {self.new_name}"


def _ckind(c) -> str:
    return {PrimaryKey: "primary key", Unique: "unique", Check: "check", ForeignKey: "foreign key",
            Exclusion: "exclusion constraint"}[type(c)]


@dataclass(frozen=True)
class CreateIndex(Change):
    table: QName
    index: Index
    new_table: bool = False
    concurrently: bool = False  # built CONCURRENTLY, in a step of its own outside a transaction
    symbol = "+"

    def reverse(self) -> Change:
        return DropIndex(self.table, self.index, self.new_table, self.concurrently)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"create {'unique ' if self.index.unique else ''}index {self.index.name}"

    def hazards(self):
        if self.new_table or self.concurrently:
            return ()
        return (Hazard("long_lock", f"index {self.index.name} blocks writes to {self.table} while it builds"),)


@dataclass(frozen=True)
class DropIndex(Change):
    table: QName
    index: Index
    new_table: bool = False
    concurrently: bool = False  # DROP INDEX CONCURRENTLY, outside a transaction
    symbol = "-"

    def reverse(self) -> Change:
        return CreateIndex(self.table, self.index, self.new_table, self.concurrently)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"drop index {self.index.name}"


@dataclass(frozen=True)
class RenameIndex(Change):
    schema: str
    table: QName
    old_name: str
    new_name: str

    def reverse(self) -> Change:
        return RenameIndex(self.schema, self.table, self.new_name, self.old_name)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"rename index {self.old_name} to {self.new_name}"


@dataclass(frozen=True)
class RenameNotNull(Change):
    """Rename a PostgreSQL 18 NOT NULL constraint; None stands for the default name.

    ``before_alter`` places it before column additions and alterations (the constraint exists
    already: it is about to go away, or its name is about to be free for a new column)
    instead of after them (it has just been created under its default name).
    """

    table: QName
    column: str
    old_name: str | None
    new_name: str | None
    before_alter: bool = False

    def reverse(self) -> Change:
        return RenameNotNull(self.table, self.column, self.new_name, self.old_name, self.before_alter)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"rename not-null constraint of {self.column} to {self.new_name or 'its default name'}"


# --- views ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateView(Change):
    view: View
    symbol = "+"

    def reverse(self) -> Change:
        return DropView(self.view)

    subject = property(lambda self: f"{'materialized ' if self.view.materialized else ''}view {self.view.qname}")

    def describe(self) -> str:
        return f"create {'materialized ' if self.view.materialized else ''}view {self.view.qname}"


@dataclass(frozen=True)
class DropView(Change):
    view: View
    symbol = "-"
    replaced: bool = False  # dropped to be created again (new definition, or its tables changed)

    def reverse(self) -> Change:
        return CreateView(self.view)

    subject = property(lambda self: f"{'materialized ' if self.view.materialized else ''}view {self.view.qname}")

    def describe(self) -> str:
        return f"drop {'materialized ' if self.view.materialized else ''}view {self.view.qname}"

    def hazards(self):
        # A materialized view holds rows of its own: gone for good unless it is created again.
        if self.view.materialized and not self.replaced:
            return (Hazard("data_loss", f"drops materialized view {self.view.qname} and its rows", destructive=True),)
        return ()
