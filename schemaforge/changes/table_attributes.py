"""Table attributes changed in place: logged or unlogged, replica identity, storage
parameters, the index CLUSTER ON names, plain inheritance, and a check or foreign key going
from NOT VALID to valid (or back)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Check, ForeignKey, QName
from .base import Change, Hazard, Key, Stage, class_name, column_key, constraint_name, table_key


@dataclass(frozen=True)
class SetLogged(Change):
    """``SET UNLOGGED`` / ``SET LOGGED``: both rewrite the table under ACCESS EXCLUSIVE."""

    table: QName
    unlogged: bool  # the new state

    def reverse(self) -> Change:
        return SetLogged(self.table, not self.unlogged)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"set table {self.table} {'unlogged' if self.unlogged else 'logged'}"

    def hazards(self):
        extra = " (an unlogged table is emptied after a crash and not replicated)" if self.unlogged else ""
        return (Hazard("table_rewrite", f"rewrites {self.table} under an ACCESS EXCLUSIVE lock{extra}", code="SF206"),)

    stage = Stage.TABLES

    def requires(self):
        return (table_key(self.table),)


@dataclass(frozen=True)
class SetReplicaIdentity(Change):
    """``REPLICA IDENTITY DEFAULT | FULL | NOTHING | USING INDEX name``."""

    table: QName
    old: tuple[str, str | None]  # (default | full | nothing | index, index name)
    new: tuple[str, str | None]

    def reverse(self) -> Change:
        return SetReplicaIdentity(self.table, self.new, self.old)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        kind, index = self.new
        return f"set replica identity of {self.table} to " + (f"index {index}" if kind == "index" else kind)

    stage = Stage.SETTINGS

    def requires(self):
        index = (class_name(self.table.schema, self.new[1]),) if self.new[1] else ()
        return (table_key(self.table), *index)

    def releases(self):
        return (class_name(self.table.schema, self.old[1]),) if self.old[1] else ()


@dataclass(frozen=True)
class SetStorage(Change):
    """``SET (name = value, ...)`` for new and changed parameters, ``RESET (name, ...)`` for
    the ones gone."""

    table: QName
    old: tuple[tuple[str, str], ...]
    new: tuple[tuple[str, str], ...]

    def reverse(self) -> Change:
        return SetStorage(self.table, self.new, self.old)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"set storage parameters of {self.table}"

    stage = Stage.SETTINGS

    def requires(self):
        return (table_key(self.table),)


@dataclass(frozen=True)
class SetClusterOn(Change):
    """``CLUSTER ON index`` (which index a later plain ``CLUSTER`` uses) or ``SET WITHOUT
    CLUSTER``. Nothing is reordered: no rewrite."""

    table: QName
    old: str | None
    new: str | None

    def reverse(self) -> Change:
        return SetClusterOn(self.table, self.new, self.old)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"cluster {self.table} on {self.new}" if self.new else f"set {self.table} without cluster"

    stage = Stage.SETTINGS

    def requires(self):
        return (table_key(self.table), *((class_name(self.table.schema, self.new),) if self.new else ()))

    def releases(self):
        return (class_name(self.table.schema, self.old),) if self.old else ()


@dataclass(frozen=True)
class SetInherits(Change):
    """``INHERIT parent`` / ``NO INHERIT parent`` on an existing table. ``columns``: the
    parent's columns, which the child must have before it can inherit."""

    table: QName
    parent: QName
    inherit: bool
    columns: tuple[str, ...] = ()
    # NO INHERIT: the NOT NULL names (PostgreSQL 18: the parent's) the child keeps, which a
    # RenameNotNull can rename only once they are the child's own
    not_null_names: tuple[str, ...] = ()

    def reverse(self) -> Change:
        return replace(self, inherit=not self.inherit)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"{'inherit' if self.inherit else 'no longer inherit'} {self.parent}"

    stage = Stage.KEYS

    def requires(self):
        # the child's own copies of the parent's columns: added before INHERIT; NO INHERIT
        # turns inherited columns into its own, before any of them is dropped
        return (table_key(self.table), table_key(self.parent), *(column_key(self.table, c) for c in self.columns),
                *(column_key(self.parent, c) for c in self.columns),
                *(constraint_name(self.table, n) for n in self.not_null_names))



@dataclass(frozen=True)
class SetConstraintValid(Change):
    """A check or foreign key made valid (``VALIDATE CONSTRAINT``: scans, writes go on) or
    made NOT VALID again. PostgreSQL cannot un-validate a constraint, so the latter drops it
    and adds it back ``NOT VALID`` (no scan): what a down of a validation does."""

    table: QName
    constraint: Check | ForeignKey  # with the new ``valid``

    def reverse(self) -> Change:
        return SetConstraintValid(self.table, replace(self.constraint, valid=not self.constraint.valid))

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        name = self.constraint.name
        return f"validate {name}" if self.constraint.valid else f"mark {name} not valid (dropped, added back not valid)"

    def hazards(self):
        if not self.constraint.valid:
            return ()
        return (Hazard("validation", f"{self.constraint.name}: existing rows of {self.table} must satisfy it "
                                     "(checked without blocking writes)", code="SF404"),)

    stage = Stage.KEYS

    def requires(self) -> tuple[Key, ...]:
        out = [table_key(self.table), constraint_name(self.table, self.constraint.name)]
        if isinstance(self.constraint, ForeignKey):
            out.append(table_key(self.constraint.ref_table))
        return tuple(out)
