"""The one schema model: YAML and the PostgreSQL catalog both become these frozen objects.

Everything is keyed by name and kept in tuples sorted by name, so two models built from
different sources compare equal exactly when the schemas are the same. Hints that are not
part of the schema itself (``renamed_from``) are excluded from comparison.

Type, default, check, index and view texts are stored verbatim. After normalization both
sides hold PostgreSQL's own canonical text (``format_type``, ``pg_get_expr`` ...), which is
what makes a plain ``==`` a sound equality test.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TypeVar

T = TypeVar("T")


def by_name(items) -> tuple:
    """Sort objects by their ``name`` so tuple equality is order-independent."""
    return tuple(sorted(items, key=lambda o: o.name))


@dataclass(frozen=True)
class QName:
    """A schema-qualified name."""

    schema: str
    name: str

    def __str__(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class SequenceOptions:
    """Sequence/identity options; None means PostgreSQL's default for the data type."""

    start: int | None = None
    increment: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    cache: int | None = None
    cycle: bool = False


@dataclass(frozen=True)
class Identity:
    always: bool  # GENERATED ALWAYS vs BY DEFAULT
    options: SequenceOptions = SequenceOptions()


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # canonical type text, e.g. "character varying(120)", "integer[]", "public.mood"
    nullable: bool = True
    default: str | None = None  # SQL expression
    identity: Identity | None = None
    generated: str | None = None  # expression of a STORED generated column
    collation: str | None = None  # only when it differs from the type's default
    comment: str | None = None
    renamed_from: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PrimaryKey:
    name: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Unique:
    name: str
    columns: tuple[str, ...]
    nulls_not_distinct: bool = False
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None


@dataclass(frozen=True)
class Check:
    name: str
    expression: str  # without the surrounding CHECK ( )
    no_inherit: bool = False
    comment: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    name: str
    columns: tuple[str, ...]
    ref_table: QName
    ref_columns: tuple[str, ...]
    on_delete: str = "NO ACTION"  # NO ACTION | RESTRICT | CASCADE | SET NULL | SET DEFAULT
    on_update: str = "NO ACTION"
    match: str = "SIMPLE"  # SIMPLE | FULL
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None


@dataclass(frozen=True)
class IndexElement:
    """One key of an index: a column or an expression, with its options."""

    column: str | None = None
    expression: str | None = None
    collation: str | None = None
    opclass: str | None = None
    descending: bool = False
    nulls_first: bool | None = None  # None = the default for the direction


@dataclass(frozen=True)
class Index:
    name: str
    elements: tuple[IndexElement, ...]
    unique: bool = False
    method: str = "btree"
    where: str | None = None
    include: tuple[str, ...] = ()
    nulls_not_distinct: bool = False
    storage: tuple[tuple[str, str], ...] = ()  # WITH (fillfactor=70)
    comment: str | None = None
    definition: str | None = field(default=None, compare=False)  # pg_get_indexdef, for display


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    columns: tuple[Column, ...] = ()  # in table order
    primary_key: PrimaryKey | None = None
    uniques: tuple[Unique, ...] = ()
    checks: tuple[Check, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    indexes: tuple[Index, ...] = ()
    comment: str | None = None
    renamed_from: str | None = field(default=None, compare=False)

    @property
    def qname(self) -> QName:
        return QName(self.schema, self.name)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def sorted(self) -> Table:
        """Canonical order of the named collections (columns keep table order)."""
        return replace(
            self,
            uniques=by_name(self.uniques),
            checks=by_name(self.checks),
            foreign_keys=by_name(self.foreign_keys),
            indexes=by_name(self.indexes),
        )

    def constraint_names(self) -> set[str]:
        names = {c.name for c in (*self.uniques, *self.checks, *self.foreign_keys)}
        if self.primary_key:
            names.add(self.primary_key.name)
        return names


@dataclass(frozen=True)
class Enum:
    schema: str
    name: str
    labels: tuple[str, ...]
    comment: str | None = None

    @property
    def qname(self) -> QName:
        return QName(self.schema, self.name)


@dataclass(frozen=True)
class Sequence:
    schema: str
    name: str
    type: str = "bigint"
    options: SequenceOptions = SequenceOptions()
    owned_by: tuple[str, str, str] | None = None  # (schema, table, column)
    comment: str | None = None

    @property
    def qname(self) -> QName:
        return QName(self.schema, self.name)


@dataclass(frozen=True)
class View:
    schema: str
    name: str
    definition: str  # the SELECT, as PostgreSQL prints it after normalization
    materialized: bool = False
    indexes: tuple[Index, ...] = ()  # materialized views only
    comment: str | None = None

    @property
    def qname(self) -> QName:
        return QName(self.schema, self.name)


@dataclass(frozen=True)
class Extension:
    name: str
    schema: str | None = None  # None = the extension's default (usually the first in search_path)
    comment: str | None = field(default=None, compare=False)  # owned by the extension script


@dataclass(frozen=True)
class Schema:
    name: str
    comment: str | None = None


@dataclass(frozen=True)
class Database:
    """A whole managed schema model: what the diff compares."""

    schemas: tuple[Schema, ...] = ()
    extensions: tuple[Extension, ...] = ()
    enums: tuple[Enum, ...] = ()
    sequences: tuple[Sequence, ...] = ()
    tables: tuple[Table, ...] = ()
    views: tuple[View, ...] = ()

    def table(self, schema: str, name: str) -> Table | None:
        return next((t for t in self.tables if t.schema == schema and t.name == name), None)

    def sorted(self) -> Database:
        """Canonical order for every collection (columns keep table order)."""
        qkey = lambda o: (o.schema, o.name)  # noqa: E731
        return replace(
            self,
            schemas=by_name(self.schemas),
            extensions=by_name(self.extensions),
            enums=tuple(sorted(self.enums, key=qkey)),
            sequences=tuple(sorted(self.sequences, key=qkey)),
            tables=tuple(sorted((t.sorted() for t in self.tables), key=qkey)),
            views=tuple(sorted((replace(v, indexes=by_name(v.indexes)) for v in self.views), key=qkey)),
        )
