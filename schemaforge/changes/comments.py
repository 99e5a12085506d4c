"""Comments on objects that exist before and after the change."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import QName
from .base import Change


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

