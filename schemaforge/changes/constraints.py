"""Table constraints: primary key, unique, check, foreign key, exclusion."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Check, Exclusion, ForeignKey, PrimaryKey, QName, Unique
from .base import (
    Change,
    Hazard,
    Key,
    Stage,
    class_name,
    column_key,
    constraint_name,
    mentions,
    not_null_key,
    table_key,
    unique_key,
)

Constraint = PrimaryKey | Unique | Check | ForeignKey | Exclusion


@dataclass(frozen=True)
class AddConstraint(Change):
    table: QName
    constraint: Constraint
    symbol = "+"
    new_table: bool = False  # the table is created in the same plan: no online-safety dance
    partitioned: bool = False  # on a partitioned table: NOT VALID is not supported there
    # the online form (schemaforge.planner.online_form): "not_valid" adds a check or foreign key
    # without its scan (a ValidateConstraint follows in the next step); "using_index" builds a
    # unique or primary key's index CONCURRENTLY, then adds the constraint USING INDEX
    online: str = ""

    def reverse(self) -> Change:
        return DropConstraint(self.table, self.constraint, self.new_table, self.partitioned)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        how = {"not_valid": ", not valid yet", "using_index": " using an index built concurrently"}.get(self.online, "")
        if not getattr(self.constraint, "valid", True):
            how = ", not valid"
        return f"add {_ckind(self.constraint)} {self.constraint.name}{how}"

    def hazards(self):
        if self.new_table or self.online or not getattr(self.constraint, "valid", True):
            return ()
        if isinstance(self.constraint, (PrimaryKey, Unique)):
            return (Hazard("long_lock", f"{self.constraint.name}: builds an index while holding a lock on {self.table}", code="SF303"),)
        # the plain form (forge sync, partitioned tables): checked in the ADD, under its lock;
        # the online form adds it NOT VALID and a ValidateConstraint (SF404) scans later
        return (Hazard("validation", f"{self.constraint.name}: existing rows of {self.table} must satisfy it",
                       code="SF403"),)

    @property
    def stage(self):
        return Stage.FOREIGN_KEYS if isinstance(self.constraint, ForeignKey) else Stage.KEYS

    def provides(self):
        return _constraint_keys(self.table, self.constraint)

    def requires(self):
        return _constraint_needs(self.table, self.constraint)


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

    @property
    def stage(self):
        return Stage.DROP_FOREIGN_KEYS if isinstance(self.constraint, ForeignKey) else Stage.DROP_KEYS

    def removes(self):
        return _constraint_keys(self.table, self.constraint)

    def releases(self):
        return _constraint_needs(self.table, self.constraint)


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

    stage = Stage.RENAMES

    def provides(self):
        return (constraint_name(self.table, self.new_name), class_name(self.table.schema, self.new_name))

    def removes(self):
        return (constraint_name(self.table, self.old_name), class_name(self.table.schema, self.old_name))

    def requires(self):
        return (table_key(self.table),)


def _ckind(c) -> str:
    return {PrimaryKey: "primary key", Unique: "unique", Check: "check", ForeignKey: "foreign key",
            Exclusion: "exclusion constraint"}[type(c)]


def _constraint_keys(table: QName, c: Constraint) -> tuple[Key, ...]:
    out = [constraint_name(table, c.name)]
    if isinstance(c, (PrimaryKey, Unique, Exclusion)):
        out.append(class_name(table.schema, c.name))  # the index behind it
    if isinstance(c, (PrimaryKey, Unique)):
        out.append(unique_key(table, c.columns))
    return tuple(out)


def _constraint_needs(table: QName, c: Constraint) -> tuple[Key, ...]:
    out = [table_key(table), *(column_key(table, col) for col in getattr(c, "columns", ()))]
    if isinstance(c, ForeignKey):
        out += [table_key(c.ref_table), unique_key(c.ref_table, c.ref_columns)]
    if isinstance(c, PrimaryKey):  # after its columns' SET NOT NULL: else a down drops NOT NULL under the key
        out += [not_null_key(table, col) for col in c.columns]
    # the functions and types its expressions call: created before it, dropped after it
    if isinstance(c, Check):
        out += mentions(c.expression)
    if isinstance(c, Exclusion):
        out += [*(k for e, _ in c.elements for k in mentions(e)), *mentions(c.where)]
    return tuple(out)
