"""Columns of an existing table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..hazards import VOLATILE_FUNCTIONS
from ..model import Column, QName
from ..naming import default_not_null_name, default_sequence_name
from .base import (
    Change,
    Hazard,
    Key,
    Stage,
    class_name,
    column_key,
    constraint_name,
    mentions,
    not_null_key,
    relation,
    table_key,
)
from .collations import collation_keys

if TYPE_CHECKING:
    from ..typecast import Conversion


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
            return (Hazard("validation", f"{self.table}.{c.name} is NOT NULL without a default: fails if the table has rows", code="SF401"),)
        if c.generated is not None and c.generated_kind == "stored":  # a virtual one writes nothing
            return (Hazard("table_rewrite", f"generated column {c.name} rewrites {self.table}", code="SF203"),)
        if c.identity is not None:
            return (Hazard("table_rewrite", f"identity column {c.name} is filled row by row: rewrites {self.table}",
                           code="SF202"),)
        if c.default is not None and volatile(c.default):
            return (Hazard("table_rewrite", f"column {c.name}'s volatile default is computed row by row: rewrites "
                                            f"{self.table}", code="SF202"),)
        return ()

    stage = Stage.TABLES

    def provides(self):
        return column_provides(self.table, self.column)

    def requires(self):
        return (table_key(self.table), *column_mentions(self.column))

    def alters(self):
        return (relation(self.table),)


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
        return (Hazard("data_loss", f"drops column {self.table}.{self.column.name} and its data", destructive=True, code="SF102"),)

    stage = Stage.TABLES

    def removes(self):
        return column_provides(self.table, self.column)

    def requires(self):
        return (table_key(self.table),)

    def releases(self):
        return column_mentions(self.column)

    def alters(self):
        return (relation(self.table),)


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

    def hazards(self):
        return (Hazard("compatibility", f"renaming {self.table}.{self.old_name} to {self.new_name} breaks running "
                                        "code that still uses the old name", code="SF501"),)

    stage = Stage.RENAMES

    def provides(self):
        return (column_key(self.table, self.new_name),)

    def removes(self):
        return (column_key(self.table, self.old_name),)

    def requires(self):
        return (table_key(self.table),)

    def alters(self):
        return (relation(self.table),)


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
                hz.append(Hazard("data_loss", f"{change} may fail on or change existing values", destructive=True, code="SF107"))
                hz.append(Hazard("table_rewrite", f"{change} takes an ACCESS EXCLUSIVE lock and may rewrite the table", code="SF201"))
            else:
                if conv.lossy:
                    hz.append(Hazard("data_loss", f"{change} may fail on or change existing values: {conv.reason}",
                                     destructive=True, code="SF107"))
                if conv.rewrite:
                    hz.append(Hazard("table_rewrite", f"{change} rewrites the table and its indexes under an "
                                                      "ACCESS EXCLUSIVE lock", code="SF201"))
        if o.nullable and not n.nullable:
            hz.append(Hazard("validation", f"{col}: SET NOT NULL scans the table and fails if it holds NULLs", code="SF402"))
        return tuple(hz)

    @property
    def stage(self):
        return Stage.RELEASE_DEFAULTS if self.early else Stage.TABLES

    def provides(self):
        o, n, t = self.old, self.new, self.table
        out = list(_identity_names(t, o, n)[0])
        if o.nullable and not n.nullable:  # SET NOT NULL names it by default; RenameNotNull renames
            out += [not_null_key(t, n.name), constraint_name(t, default_not_null_name(t.name, n.name))]
        return tuple(out)

    def removes(self):
        o, n, t = self.old, self.new, self.table
        out = list(_identity_names(t, o, n)[1])
        if n.nullable and not o.nullable:
            out.append(not_null_key(t, n.name))
        return tuple(out)

    def requires(self):
        return (table_key(self.table), *column_mentions(self.new))

    def releases(self):
        return column_mentions(self.old)

    def alters(self):
        return (relation(self.table),)


def column_provides(table: QName, c: Column) -> tuple[Key, ...]:
    """What a column brings with it: itself, its NOT NULL, and its identity's sequence name."""
    out = [column_key(table, c.name)]
    if not c.nullable:
        out.append(not_null_key(table, c.name))
        out.append(constraint_name(table, c.not_null_name or default_not_null_name(table.name, c.name)))
    if c.identity is not None:
        out.append(_identity_name(table, c))
    return tuple(out)


def _identity_name(table: QName, c: Column) -> Key:
    assert c.identity is not None
    return class_name(table.schema, c.identity.sequence_name or default_sequence_name(table.name, c.name))


def _identity_names(table: QName, o: Column, n: Column) -> tuple[tuple[Key, ...], tuple[Key, ...]]:
    """(sequence names taken, sequence names freed) by altering an identity column from ``o``
    to ``n``: a new identity creates its sequence, a dropped one drops it, a renamed one renames
    it, and a type change drops and adds the identity."""
    old = _identity_name(table, o) if o.identity is not None else None
    new = _identity_name(table, n) if n.identity is not None else None
    if old == new and (old is None or o.type == n.type):
        return (), ()
    return ((new,) if new else ()), ((old,) if old else ())


def column_mentions(c: Column) -> tuple[Key, ...]:
    """The types, sequences and functions a column's type, default and generation use, and its collation."""
    return (*mentions(c.type), *mentions(c.default), *mentions(c.generated), *collation_keys(c.collation))


# catalog text: '...' literals (quotes doubled inside) and "..." names hold no call
_LITERALS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
_VOLATILE_CALL = re.compile(r"\b(?:pg_catalog\.)?(?:" + "|".join(VOLATILE_FUNCTIONS) + r")\s*\(", re.IGNORECASE)


def volatile(default: str) -> bool:
    """Whether a default (catalog text) calls a volatile function of the catalogue, outside literals."""
    return _VOLATILE_CALL.search(_LITERALS.sub("''", default)) is not None
