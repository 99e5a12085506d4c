"""Comments on objects that exist before and after the change."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import QName
from .base import (
    Change,
    Stage,
    class_name,
    column_key,
    constraint_name,
    relation,
    schema_key,
    sequence_key,
    type_key,
)


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

    stage = Stage.SETTINGS

    def requires(self):
        return (relation(self.table),)


@dataclass(frozen=True)
class SetViewColumnComment(Change):
    """Comment on an output column of a view or materialized view that stays (a view created
    by the plan gets its column comments with it: :class:`.views.CreateView`)."""

    view: QName
    column: str
    old: str | None
    new: str | None
    relkind: str = "VIEW"  # VIEW | MATERIALIZED VIEW

    def reverse(self) -> Change:
        return replace(self, old=self.new, new=self.old)

    subject = property(lambda self: f"{self.relkind.lower()} {self.view}")

    def describe(self) -> str:
        verb = "set" if self.new is not None else "remove"
        return f"{verb} comment on column {self.column} of {self.relkind.lower()} {self.view}"

    stage = Stage.SETTINGS

    def requires(self):
        return (relation(self.view),)


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

    stage = Stage.SETTINGS

    def requires(self):
        n = self.name
        match self.target:
            case "COLUMN":
                return (column_key(QName(n[0], n[1]), n[2]),)
            case "CONSTRAINT":
                return (constraint_name(QName(n[0], n[1]), n[2]),)
            case "INDEX":
                return (class_name(n[0], n[1]),)
            case "TYPE":
                return (type_key(QName(n[0], n[1])),)
            case "SEQUENCE":
                return (sequence_key(QName(n[0], n[1])),)
        return (schema_key(n[0]),)

