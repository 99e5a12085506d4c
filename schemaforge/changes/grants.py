"""Privileges: one grantee's privileges on one object (or column) set from old to new, and
default privileges. Revoking is not a hazard: it loses no data and the down migration grants
the privileges again; the plan prints every REVOKE for review."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import QName
from .base import (
    Change,
    Key,
    Stage,
    column_key,
    relation,
    routine_key,
    schema_key,
    sequence_key,
    table_key,
    type_key,
)

# (privilege, with grant option) pairs, sorted
Privs = tuple[tuple[str, bool], ...]

# What GRANT calls each kind of object
SQL_KIND = {"table": "TABLE", "view": "TABLE", "sequence": "SEQUENCE", "function": "FUNCTION", "aggregate": "FUNCTION",
            "procedure": "PROCEDURE", "schema": "SCHEMA", "type": "TYPE", "domain": "DOMAIN"}


def object_key(kind: str, name: tuple[str, ...]) -> Key:
    """The key of the object a grant is on (what must exist while it runs)."""
    if kind == "schema":
        return schema_key(name[0])
    q = QName(name[0], name[1])
    if kind == "table":
        return table_key(q)
    if kind == "view":
        return relation(q)
    if kind == "sequence":
        return sequence_key(q)
    if kind in ("function", "procedure", "aggregate"):
        return routine_key(name[0], name[1], tuple(name[2:]))
    return type_key(q)


@dataclass(frozen=True)
class ChangeGrant(Change):
    """``grantee``'s privileges on an object (or one of its columns) go from ``old`` to
    ``new``: the fewest GRANT and REVOKE statements that do it.

    ``phase``: ``alive`` (the object exists before and after), ``created`` (right after the
    plan creates it: from its default ACL) or ``dropped`` (right before the plan drops it: back
    to its default ACL, so that the down migration can grant again what it had). ``reset``:
    default privileges may have given ``grantee`` more on the created object, so REVOKE ALL
    from it first (and last, before the drop, in the other direction)."""

    target: str  # table | view | sequence | function | procedure | aggregate | schema | type | domain
    name: tuple[str, ...]  # (schema, name[, identity types...]) or (schema,)
    column: str | None
    grantee: str
    old: Privs
    new: Privs
    phase: str = "alive"
    reset: bool = False

    def reverse(self) -> Change:
        flipped = {"created": "dropped", "dropped": "created"}.get(self.phase, self.phase)
        return replace(self, old=self.new, new=self.old, phase=flipped)

    @property
    def symbol(self) -> str:  # type: ignore[override]
        return "+" if set(self.new) > set(self.old) else "-" if set(self.new) < set(self.old) else "~"

    @property
    def subject(self) -> str:
        if self.target in ("function", "procedure", "aggregate"):
            return f"{self.target} {self.name[0]}.{self.name[1]}({', '.join(self.name[2:])})"
        return f"{self.target} {'.'.join(self.name)}"

    def describe(self) -> str:
        on = f"column {self.column} of {self.subject}" if self.column is not None else self.subject
        return f"{_change_words(self.old, self.new)} on {on} {_to_from(self.old, self.new)} {self.grantee}" + (
            " (after revoking what default privileges gave)" if self.reset and self.phase == "created" else "")

    stage = Stage.SETTINGS

    def _keys(self) -> tuple[Key, ...]:
        key = object_key(self.target, self.name)
        if self.column is not None:
            return (key, column_key(QName(self.name[0], self.name[1]), self.column))
        return (key,)

    def requires(self):
        # before a drop the object exists already: requiring it would wait for its re-creation
        return () if self.phase == "dropped" else self._keys()

    def releases(self):
        return self._keys() if self.phase == "dropped" else ()


@dataclass(frozen=True)
class ChangeDefaultPrivileges(Change):
    """``ALTER DEFAULT PRIVILEGES FOR ROLE role [IN SCHEMA s]``: ``grantee``'s privileges on
    objects of type ``on`` that ``role`` creates later go from ``old`` to ``new``."""

    role: str
    schema: str | None
    on: str  # tables | sequences | functions | types | schemas
    grantee: str
    old: Privs
    new: Privs

    def reverse(self) -> Change:
        return replace(self, old=self.new, new=self.old)

    @property
    def subject(self) -> str:
        return f"default privileges of {self.role}" + (f" in schema {self.schema}" if self.schema else "")

    def describe(self) -> str:
        return f"{_change_words(self.old, self.new)} on new {self.on} {_to_from(self.old, self.new)} {self.grantee} by default"

    stage = Stage.CONTAINERS

    def requires(self):
        return (schema_key(self.schema),) if self.schema else ()

    def releases(self):
        return (schema_key(self.schema),) if self.schema else ()


def _change_words(old: Privs, new: Privs) -> str:
    """``grant SELECT and revoke DELETE``, ``grant option for SELECT``: what changes, in words."""
    have, want = dict(old), dict(new)
    gained = sorted(set(want) - set(have))
    lost = sorted(set(have) - set(want))
    option_on = sorted(p for p in set(have) & set(want) if want[p] and not have[p])
    option_off = sorted(p for p in set(have) & set(want) if have[p] and not want[p])
    parts = [f"{verb} {', '.join(ps)}" for verb, ps in (
        ("grant", gained), ("revoke", lost), ("grant option for", option_on), ("revoke grant option for", option_off))
        if ps]
    return " and ".join(parts) or "reset privileges"


def _to_from(old: Privs, new: Privs) -> str:
    return "to" if set(dict(new)) - set(dict(old)) else "from" if set(dict(old)) - set(dict(new)) else "of"
