"""Enum types: labels are appended in place; removed or reordered labels recreate the type."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Domain, Enum, Policy, QName, View
from .base import Change, Hazard, Stage, relation, schema_key, type_key

Columns = tuple[tuple[QName, str, str | None, str | None, bool], ...]
"""(table, column, old default, new default, is array) of each column of a type."""

Policies = tuple[tuple[QName, Policy, tuple[str, ...]], ...]
"""(table, policy, the columns it names) of each policy naming a type or its views."""


def _swapped(columns: Columns) -> Columns:
    return tuple((t, c, nd, od, a) for t, c, od, nd, a in columns)


def _swapped_domains(domains: tuple[tuple[Domain, Columns], ...]) -> tuple[tuple[Domain, Columns], ...]:
    return tuple((d, _swapped(cols)) for d, cols in domains)


@dataclass(frozen=True)
class CreateEnum(Change):
    enum: Enum
    symbol = "+"

    def reverse(self) -> Change:
        return DropEnum(self.enum)

    subject = property(lambda self: f"type {self.enum.qname}")

    def describe(self) -> str:
        return f"create enum {self.enum.qname} ({', '.join(self.enum.labels)})"

    stage = Stage.ENUMS

    def provides(self):
        return (type_key(self.enum.qname),)

    def requires(self):
        return (schema_key(self.enum.schema),)


@dataclass(frozen=True)
class DropEnum(Change):
    enum: Enum
    symbol = "-"

    def reverse(self) -> Change:
        return CreateEnum(self.enum)

    subject = property(lambda self: f"type {self.enum.qname}")

    def describe(self) -> str:
        return f"drop enum {self.enum.qname}"

    stage = Stage.DROP_TYPES

    def removes(self):
        return (type_key(self.enum.qname),)

    def releases(self):
        return (schema_key(self.enum.schema),)


@dataclass(frozen=True)
class AddEnumValues(Change):
    """Append/insert labels in place with ALTER TYPE ... ADD VALUE (cannot be undone in place)."""

    old: Enum
    new: Enum
    columns: tuple[tuple[QName, str, str | None, str | None, bool], ...] = ()  # as RecreateEnum
    # Views over those columns, in creation order: the reverse recreates the enum, and
    # PostgreSQL refuses to change the type of a column a view uses.
    views: tuple[View, ...] = ()
    domains: tuple[tuple[Domain, Columns], ...] = ()  # as RecreateEnum
    policies: Policies = ()  # as RecreateEnum

    def reverse(self) -> Change:
        return RecreateEnum(self.new, self.old, _swapped(self.columns), self.views, _swapped_domains(self.domains),
                            self.policies)

    subject = property(lambda self: f"type {self.new.qname}")

    def describe(self) -> str:
        added = [v for v in self.new.labels if v not in self.old.labels]
        return f"add value(s) {', '.join(added)} to enum {self.new.qname}"

    stage = Stage.ENUMS

    def requires(self):
        return (type_key(self.new.qname),)


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

    stage = Stage.ENUMS

    def requires(self):
        return (type_key(self.enum),)


@dataclass(frozen=True)
class RecreateEnum(Change):
    """Remove or reorder labels: create the new type, convert each column, drop the old one.

    ``columns`` lists (table, column, old default, new default, is array) of every column that
    has the type before and after (the plan drops or retypes the others first). Rows holding a
    removed label make it fail (safely, in its transaction).
    """

    old: Enum
    new: Enum
    columns: tuple[tuple[QName, str, str | None, str | None, bool], ...] = ()
    # Views dropped before and created again after (the reverse of AddEnumValues). A plan's
    # own RecreateEnum leaves this empty: its views are DropView/CreateView changes of the plan.
    views: tuple[View, ...] = ()
    # Domains over the enum (as they are, unchanged by the plan) with their columns (as
    # ``columns``): each is recreated over the new type and its columns converted.
    domains: tuple[tuple[Domain, Columns], ...] = ()
    # Policies naming the type, its views or its columns, dropped before and created again
    # after, with ``views`` (the reverse of AddEnumValues; a plan's own are changes of the plan).
    policies: Policies = ()

    def reverse(self) -> Change:
        return RecreateEnum(self.new, self.old, _swapped(self.columns), self.views, _swapped_domains(self.domains),
                            self.policies)

    subject = property(lambda self: f"type {self.new.qname}")

    def describe(self) -> str:
        return f"recreate enum {self.new.qname} ({', '.join(self.old.labels)}) -> ({', '.join(self.new.labels)})"

    def hazards(self):
        removed = [v for v in self.old.labels if v not in self.new.labels]
        hz = [Hazard("table_rewrite", f"rewrites every column of type {self.new.qname}", code="SF201")]
        if removed:
            hz.append(
                Hazard(
                    "validation",
                    f"removes label(s) {', '.join(removed)} from {self.new.qname}: rows holding them make the "
                    "migration fail (in its transaction: nothing is lost)",
                    code="SF407",
                )
            )
        return tuple(hz)

    stage = Stage.ALTER_TYPES

    def requires(self):
        return (type_key(self.new.qname),)

    def alters(self):
        # the type is replaced and its columns change type: the plan's views over their tables
        # or naming the type go around it, and so do the plan's other changes of columns of
        # the type (those it leaves out, as their table or column is dropped or retyped, before;
        # new columns of it, after); the same for the domains over it and their columns
        domains = [k for d, cols in self.domains for k in (type_key(d.qname), *(relation(t) for t, *_ in cols))]
        return tuple(dict.fromkeys((type_key(self.new.qname), *(relation(t) for t, *_ in self.columns), *domains)))

