"""Table constraints: primary key, unique, check, foreign key, exclusion."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Check, Exclusion, ForeignKey, PrimaryKey, QName, Unique
from .base import Change, Hazard

Constraint = PrimaryKey | Unique | Check | ForeignKey | Exclusion


@dataclass(frozen=True)
class AddConstraint(Change):
    table: QName
    constraint: Constraint
    symbol = "+"
    new_table: bool = False  # the table is created in the same plan: no online-safety dance
    partitioned: bool = False  # on a partitioned table: NOT VALID is not supported there

    def reverse(self) -> Change:
        return DropConstraint(self.table, self.constraint, self.new_table, self.partitioned)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"add {_ckind(self.constraint)} {self.constraint.name}"

    def hazards(self):
        if self.new_table:
            return ()
        if isinstance(self.constraint, (PrimaryKey, Unique)):
            return (Hazard("long_lock", f"{self.constraint.name}: builds an index while holding a lock on {self.table}"),)
        return (Hazard("validation", f"{self.constraint.name}: existing rows of {self.table} must satisfy it"),)


@dataclass(frozen=True)
class DropConstraint(Change):
    table: QName
    constraint: Constraint
    new_table: bool = False
    partitioned: bool = False
    symbol = "-"

    def reverse(self) -> Change:
        return AddConstraint(self.table, self.constraint, self.new_table, self.partitioned)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"drop {_ckind(self.constraint)} {self.constraint.name}"


@dataclass(frozen=True)
class RenameConstraint(Change):
    table: QName
    old_name: str
    new_name: str

    def reverse(self) -> Change:
        return RenameConstraint(self.table, self.new_name, self.old_name)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"rename constraint {self.old_name} to {self.new_name}"


def _ckind(c) -> str:
    return {PrimaryKey: "primary key", Unique: "unique", Check: "check", ForeignKey: "foreign key",
            Exclusion: "exclusion constraint"}[type(c)]

