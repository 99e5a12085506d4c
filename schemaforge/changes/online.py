"""The lock-safe pieces of changes to existing tables (the online form of a plan).

A constraint added to a table that holds rows is checked against every row. Done in one
statement that scan runs under the ALTER's ACCESS EXCLUSIVE lock, so every read and write of
the table waits for it. The online form (:func:`schemaforge.planner.online_form`) splits it:

- ``ADD CONSTRAINT ... NOT VALID`` (brief ACCESS EXCLUSIVE, no scan) commits in one step and
  :class:`ValidateConstraint` (SHARE UPDATE EXCLUSIVE: writes go on) scans in the next;
- ``SET NOT NULL`` goes through a helper check: :class:`AddNotNullCheck` ``NOT VALID``, then
  validated, then :class:`SetNotNull`, which PostgreSQL (12 and later) does without a scan
  because the validated check proves the column holds no NULL, and drops the helper.

Validation cannot be undone and needs no undoing: the down step of a validation step is a
:class:`NothingToUndo`, so down step ``i`` still undoes up step ``n - 1 - i``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import QName
from ..naming import Namespace, choose_constraint_name, default_not_null_name
from .base import Change, Hazard, Stage, column_key, constraint_name, not_null_key, table_key


def not_null_check_name(table: QName, column: str, taken: frozenset[str] = frozenset()) -> str:
    """The helper check's name: ``<table>_<column>_not_null_check``, numbered past ``taken``
    (the table's constraint names); it lives for one migration and never reaches the model."""
    return choose_constraint_name(table.name, column, "not_null_check", Namespace(), others=taken)


@dataclass(frozen=True)
class ValidateConstraint(Change):
    """``VALIDATE CONSTRAINT``: the scan of a constraint added ``NOT VALID`` in an earlier step."""

    table: QName
    name: str
    what: str = "constraint"  # for the description: check, foreign key, not-null check

    def reverse(self) -> Change:
        return NothingToUndo(self.table, f"validation of {self.name}")

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"validate {self.what} {self.name}"

    def hazards(self):
        return (Hazard("validation", f"{self.name}: existing rows of {self.table} must satisfy it "
                                     "(checked without blocking writes)", code="SF404"),)

    stage = Stage.KEYS

    def requires(self):
        return (table_key(self.table), constraint_name(self.table, self.name))


@dataclass(frozen=True)
class NothingToUndo(Change):
    """The down of a validation: a constraint cannot be made ``NOT VALID`` again, and the step
    before drops it anyway. Renders one statement that says so, so the step is not empty."""

    table: QName
    what: str
    symbol = "~"

    def reverse(self) -> Change:  # pragma: no cover - only ever a down change
        raise TypeError("nothing to undo has no reverse")

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"nothing to undo: {self.what}"

    stage = Stage.KEYS


@dataclass(frozen=True)
class AddNotNullCheck(Change):
    """``CHECK (column IS NOT NULL) NOT VALID``: the helper that lets SET NOT NULL skip its scan."""

    table: QName
    column: str
    name: str
    symbol = "+"

    def reverse(self) -> Change:
        return DropNotNullCheck(self.table, self.column, self.name)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"add check {self.name} ({self.column} is not null), not valid yet"

    stage = Stage.KEYS

    def provides(self):
        return (constraint_name(self.table, self.name),)

    def requires(self):
        return (table_key(self.table), column_key(self.table, self.column))


@dataclass(frozen=True)
class DropNotNullCheck(Change):
    table: QName
    column: str
    name: str
    symbol = "-"

    def reverse(self) -> Change:
        return AddNotNullCheck(self.table, self.column, self.name)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"drop check {self.name}"

    stage = Stage.DROP_KEYS

    def removes(self):
        return (constraint_name(self.table, self.name),)


@dataclass(frozen=True)
class SetNotNull(Change):
    """``SET NOT NULL`` once a validated helper check proves it (no scan), then the helper dropped."""

    table: QName
    column: str
    check: str  # the helper check's name
    symbol = "~"

    def reverse(self) -> Change:
        return DropNotNull(self.table, self.column, self.check)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"set not null on {self.column} (proved by {self.check}, then dropped)"

    stage = Stage.TABLES

    def provides(self):  # named by default; a RenameNotNull after it renames
        return (not_null_key(self.table, self.column),
                constraint_name(self.table, default_not_null_name(self.table.name, self.column)))

    def requires(self):
        return (table_key(self.table), constraint_name(self.table, self.check))


@dataclass(frozen=True)
class DropNotNull(Change):
    """The down of :class:`SetNotNull`: the column nullable again and the helper back
    (``NOT VALID``, no scan), for the down of the step that added it to drop."""

    table: QName
    column: str
    check: str
    symbol = "~"

    def reverse(self) -> Change:
        return SetNotNull(self.table, self.column, self.check)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"drop not null on {self.column}"

    stage = Stage.TABLES

    def removes(self):
        return (not_null_key(self.table, self.column),)
