"""Row-level security: ``ENABLE`` / ``FORCE ROW LEVEL SECURITY`` on a table and its policies
(``CREATE`` / ``DROP`` / ``ALTER POLICY``, ``RENAME``, comments).

A policy needs its table, the columns its expressions name and whatever else their text
uses (functions, other tables, types: :func:`~.base.mentions`): created after all of them,
dropped before any goes. Enabling row-level security is a hazard: from then on every role
without a policy (the owner aside, unless forced) sees no rows at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Policy, QName
from .base import Change, Hazard, Key, Stage, column_key, mentions, policy_key, relation, table_key


def _uses(table: QName, p: Policy, columns: tuple[str, ...]) -> tuple[Key, ...]:
    return (table_key(table), *(column_key(table, c) for c in columns), *mentions(p.using), *mentions(p.with_check))


def _around(table: QName, p: Policy, columns: tuple[str, ...]) -> tuple[Key, ...]:
    """A created or dropped policy also goes around the changes of its table's columns
    (a recreated enum converting them: PostgreSQL refuses that under a policy naming one).
    Not an altered policy: that would be a cycle with any column change of its table."""
    return (*_uses(table, p, columns), relation(table))


def _policies(table: QName) -> Key:
    """The policies of a table as a whole: row-level security is enabled after the plan's
    policies are created and disabled before they are dropped, so no moment hides rows."""
    return ("policies", table.schema, table.name)


@dataclass(frozen=True)
class CreatePolicy(Change):
    """``columns``: the table's columns the policy's expressions name (where it must go)."""

    table: QName
    policy: Policy
    columns: tuple[str, ...] = ()
    symbol = "+"

    def reverse(self) -> Change:
        return DropPolicy(self.table, self.policy, self.columns)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"create policy {self.policy.name} on {self.table}"

    stage = Stage.KEYS

    def provides(self):
        return (policy_key(self.table, self.policy.name), _policies(self.table))

    def requires(self):
        return _around(self.table, self.policy, self.columns)


@dataclass(frozen=True)
class DropPolicy(Change):
    table: QName
    policy: Policy
    columns: tuple[str, ...] = ()
    symbol = "-"

    def reverse(self) -> Change:
        return CreatePolicy(self.table, self.policy, self.columns)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"drop policy {self.policy.name} on {self.table}"

    stage = Stage.DROP_KEYS

    def removes(self):
        return (policy_key(self.table, self.policy.name), _policies(self.table))

    def releases(self):
        return _around(self.table, self.policy, self.columns)


@dataclass(frozen=True)
class AlterPolicy(Change):
    """``ALTER POLICY``: roles, ``USING`` and ``WITH CHECK`` in place (the command and
    permissive/restrictive cannot change so: those are a drop and a create)."""

    table: QName
    old: Policy
    new: Policy
    old_columns: tuple[str, ...] = ()
    new_columns: tuple[str, ...] = ()

    def reverse(self) -> Change:
        return AlterPolicy(self.table, self.new, self.old, self.new_columns, self.old_columns)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        what = [w for w, a, b in (("roles", self.old.roles, self.new.roles), ("using", self.old.using, self.new.using),
                                  ("with check", self.old.with_check, self.new.with_check)) if a != b]
        return f"alter policy {self.new.name} on {self.table} ({', '.join(what)})"

    stage = Stage.KEYS

    def alters(self):
        return (policy_key(self.table, self.new.name),)

    def requires(self):
        return _uses(self.table, self.new, self.new_columns)

    def releases(self):
        return _uses(self.table, self.old, self.old_columns)


@dataclass(frozen=True)
class RenamePolicy(Change):
    table: QName
    old_name: str
    new_name: str

    def reverse(self) -> Change:
        return RenamePolicy(self.table, self.new_name, self.old_name)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"rename policy {self.old_name} on {self.table} to {self.new_name}"

    stage = Stage.RENAMES

    def provides(self):
        return (policy_key(self.table, self.new_name),)

    def removes(self):
        return (policy_key(self.table, self.old_name),)

    def requires(self):
        return (table_key(self.table),)


@dataclass(frozen=True)
class CommentPolicy(Change):
    table: QName
    name: str
    old: str | None
    new: str | None

    def reverse(self) -> Change:
        return replace(self, old=self.new, new=self.old)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"set comment on policy {self.name} on {self.table}"

    stage = Stage.SETTINGS

    def requires(self):
        return (table_key(self.table), policy_key(self.table, self.name))


@dataclass(frozen=True)
class _RowSecurity(Change):
    """``with_table``: the table is created (or dropped) by the same plan, so no reader had
    rows to lose: no hazard."""

    table: QName
    with_table: bool = False

    subject = property(lambda self: f"table {self.table}")

    def requires(self):
        return (table_key(self.table),)


@dataclass(frozen=True)
class EnableRowSecurity(_RowSecurity):
    """``ENABLE ROW LEVEL SECURITY``: after the policies are created (so no moment hides
    rows a policy of the plan would show), before they are dropped on the way back."""

    symbol = "+"
    stage = Stage.SETTINGS

    def reverse(self) -> Change:
        return DisableRowSecurity(self.table, self.with_table)

    def describe(self) -> str:
        return f"enable row level security on {self.table}"

    def hazards(self):
        if self.with_table:
            return ()
        return (Hazard("compatibility", f"enabling row level security on {self.table} hides every row from roles "
                                        "no policy admits (the table owner aside)", code="SF510"),)

    def requires(self):
        return (table_key(self.table), _policies(self.table))


@dataclass(frozen=True)
class DisableRowSecurity(_RowSecurity):
    symbol = "-"
    stage = Stage.SETTINGS

    def reverse(self) -> Change:
        return EnableRowSecurity(self.table, self.with_table)

    def describe(self) -> str:
        return f"disable row level security on {self.table}"

    def releases(self):
        return (_policies(self.table),)


@dataclass(frozen=True)
class ForceRowSecurity(_RowSecurity):
    """``FORCE ROW LEVEL SECURITY``: the policies apply to the table owner too."""

    symbol = "+"
    stage = Stage.SETTINGS

    def reverse(self) -> Change:
        return NoForceRowSecurity(self.table, self.with_table)

    def describe(self) -> str:
        return f"force row level security on {self.table}"

    def hazards(self):
        if self.with_table:
            return ()
        return (Hazard("compatibility", f"forcing row level security on {self.table} applies its policies to the "
                                        "table owner too", code="SF510"),)


@dataclass(frozen=True)
class NoForceRowSecurity(_RowSecurity):
    symbol = "-"
    stage = Stage.SETTINGS

    def reverse(self) -> Change:
        return ForceRowSecurity(self.table, self.with_table)

    def describe(self) -> str:
        return f"no force row level security on {self.table}"
