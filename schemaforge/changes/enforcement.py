"""A foreign key made ENFORCED or NOT ENFORCED in place (PostgreSQL 18).

``ALTER CONSTRAINT ... ENFORCED`` checks every row (and marks the key validated);
``NOT ENFORCED`` only drops the key's triggers. A check constraint cannot be altered so:
its enforcement changes by drop and add (``diff/constraints.py``)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import ForeignKey, QName
from .base import Change, Hazard, Key, Stage, constraint_name, table_key


@dataclass(frozen=True)
class SetForeignKeyEnforced(Change):
    table: QName
    constraint: ForeignKey  # with the new ``enforced``

    def reverse(self) -> Change:
        return SetForeignKeyEnforced(self.table, replace(self.constraint, enforced=not self.constraint.enforced))

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"{'enforce' if self.constraint.enforced else 'stop enforcing'} {self.constraint.name}"

    def hazards(self):
        if not self.constraint.enforced:
            return ()
        return (Hazard("validation", f"{self.constraint.name}: existing rows of {self.table} must satisfy it "
                                     "(checked under ACCESS EXCLUSIVE: reads and writes wait)", code="SF404"),)

    stage = Stage.KEYS

    def requires(self) -> tuple[Key, ...]:
        return (table_key(self.table), constraint_name(self.table, self.constraint.name),
                table_key(self.constraint.ref_table))
