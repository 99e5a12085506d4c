"""Indexes of a table."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Index, QName
from .base import Change, Hazard


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

