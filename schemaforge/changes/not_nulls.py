"""PostgreSQL 18 named NOT NULL constraints."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import QName
from ..naming import default_not_null_name
from .base import Change, Hazard, Key, Stage, column_key, constraint_name, not_null_key, table_key


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

    @property
    def stage(self):
        # the edges say what must follow it (the names it frees, the alter dropping the NOT
        # NULL it renames); the diff asks for all of it before the column changes
        return Stage.ALTER_TYPES if self.before_alter else Stage.NOT_NULL_NAMES

    def _name(self, name: str | None) -> Key:
        return constraint_name(self.table, name or default_not_null_name(self.table.name, self.column))

    def provides(self):
        return (self._name(self.new_name),)

    def removes(self):
        # an existing constraint frees its name; one just created had the default name
        return (self._name(self.old_name),) if self.before_alter else ()

    def requires(self):
        return (table_key(self.table),) + (() if self.before_alter else (not_null_key(self.table, self.column),))

    def releases(self):
        return (not_null_key(self.table, self.column),) if self.before_alter else ()



@dataclass(frozen=True)
class SetNotNullValid(Change):
    """A PostgreSQL 18 NOT NULL constraint made valid (``VALIDATE CONSTRAINT``: scans, writes
    go on) or NOT VALID again: PostgreSQL cannot un-validate, so ``DROP NOT NULL`` and add it
    back ``NOT VALID`` (no scan). ``name`` is the constraint's name at this point of the plan:
    a rename of it comes first (``RenameNotNull.before_alter``), so the desired name."""

    table: QName
    column: str
    name: str
    valid: bool  # the new state

    def reverse(self) -> Change:
        return SetNotNullValid(self.table, self.column, self.name, not self.valid)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return (f"validate the not-null constraint of {self.column}" if self.valid else
                f"mark the not-null constraint of {self.column} not valid (dropped, added back not valid)")

    def hazards(self):
        if not self.valid:
            return ()
        return (Hazard("validation", f"{self.name}: existing rows of {self.table} must have {self.column} "
                                     "(checked without blocking writes)", code="SF404"),)

    stage = Stage.KEYS

    def requires(self) -> tuple[Key, ...]:
        return (table_key(self.table), column_key(self.table, self.column), constraint_name(self.table, self.name),
                not_null_key(self.table, self.column))
