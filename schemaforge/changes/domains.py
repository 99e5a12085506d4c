"""Domains: a base type with a default, NOT NULL and checks."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Domain
from .base import Change, Hazard, Stage, mentions, schema_key, type_key


@dataclass(frozen=True)
class CreateDomain(Change):
    domain: Domain
    symbol = "+"

    def reverse(self) -> Change:
        return DropDomain(self.domain)

    subject = property(lambda self: f"domain {self.domain.qname}")

    def describe(self) -> str:
        return f"create domain {self.domain.qname} as {self.domain.type}"

    stage = Stage.DOMAINS

    def provides(self):
        return (type_key(self.domain.qname),)

    def requires(self):
        return (schema_key(self.domain.schema), *_uses(self.domain))


@dataclass(frozen=True)
class DropDomain(Change):
    domain: Domain
    symbol = "-"
    replaced: bool = False  # dropped to be created again: goes before the creation

    def reverse(self) -> Change:
        return CreateDomain(self.domain)

    subject = property(lambda self: f"domain {self.domain.qname}")

    def describe(self) -> str:
        return f"drop domain {self.domain.qname}"

    stage = Stage.DROP_DOMAINS

    def removes(self):
        return (type_key(self.domain.qname),)

    def releases(self):
        return (schema_key(self.domain.schema), *_uses(self.domain))


@dataclass(frozen=True)
class AlterDomain(Change):
    """Default, NOT NULL, checks and comment of a domain (its type and collation stay)."""

    old: Domain
    new: Domain

    def reverse(self) -> Change:
        return AlterDomain(self.new, self.old)

    subject = property(lambda self: f"domain {self.new.qname}")

    def describe(self) -> str:
        return f"alter domain {self.new.qname}"

    def hazards(self):
        o, n = self.old, self.new
        added = {c.name for c in n.checks} - {c.name for c in o.checks}
        if added or (n.not_null and not o.not_null):
            return (Hazard("validation", f"columns of domain {n.qname} must satisfy its new constraints", code="SF406"),)
        return ()

    stage = Stage.ALTER_TYPES

    def requires(self):
        return (type_key(self.new.qname), *_uses(self.new))

    def releases(self):
        return _expressions(self.old)  # not its base type: that stays


def _uses(d: Domain) -> tuple:
    """What a domain's base type, default and checks name (types, functions)."""
    return (*mentions(d.type), *_expressions(d))


def _expressions(d: Domain) -> tuple:
    return (*mentions(d.default), *(k for c in d.checks for k in mentions(c.expression)))

