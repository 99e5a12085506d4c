"""PostgreSQL 18 named NOT NULL constraints."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import QName
from .base import Change


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

