"""Tables: created with their columns, primary key, uniques and checks inline."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Table
from .base import Change, Hazard


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

