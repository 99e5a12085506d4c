"""Aggregates: created, dropped, replaced, commented.

An aggregate is a ``pg_proc`` entry, placed by the same keys as a function (its identity and
its name, which views calling it mention), after its support functions (the names of
``sfunc``, ``finalfunc`` and ``combinefunc``) and types.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..fragments import LexError, tokens
from ..idents import unquote
from ..model import Aggregate, QName
from .base import Change, Hazard, Stage, function_key, mentions, operator_key, routine_key, schema_key


def named_function(text: str | None) -> tuple:
    """The key of the function ``text`` names when it is schema-qualified (a bare name is a
    built-in: ``pg_catalog`` is not in any plan)."""
    if not text:
        return ()
    try:
        parts = [unquote(t.text) for t in tokens(text) if t.text != "."]
    except LexError:
        return ()
    return (function_key(QName(parts[0], parts[1])),) if len(parts) == 2 else ()


def _agg_keys(a: Aggregate) -> tuple:
    return (routine_key(a.schema, a.name, a.identity), function_key(a.qname))


def _agg_uses(a: Aggregate) -> tuple:
    types = " ".join(a.types)
    sortop = a.sortop.rpartition(".") if a.sortop else ("", "", "")
    op = (operator_key(sortop[0], sortop[2]),) if sortop[1] else ()  # a bare symbol is pg_catalog's
    return (schema_key(a.schema), *mentions(types), *(k for f in a.support for k in named_function(f)), *op)


@dataclass(frozen=True)
class CreateAggregate(Change):
    aggregate: Aggregate
    symbol = "+"

    def reverse(self) -> Change:
        return DropAggregate(self.aggregate)

    subject = property(lambda self: f"aggregate {self.aggregate.signature}")

    def describe(self) -> str:
        return f"create aggregate {self.aggregate.signature}"

    stage = Stage.SEQUENCES

    def provides(self):
        return _agg_keys(self.aggregate)

    def requires(self):
        return _agg_uses(self.aggregate)


@dataclass(frozen=True)
class DropAggregate(Change):
    aggregate: Aggregate
    symbol = "-"
    replaced: bool = False  # dropped to be created again (new signature, or a support function recreated)

    def reverse(self) -> Change:
        return CreateAggregate(self.aggregate)

    subject = property(lambda self: f"aggregate {self.aggregate.signature}")

    def describe(self) -> str:
        return f"drop aggregate {self.aggregate.signature}"

    def hazards(self):
        if self.replaced:
            return (Hazard("compatibility", f"aggregate {self.aggregate.signature} is dropped and created again: "
                           "grants on it are lost", code="SF503"),)
        return ()

    stage = Stage.DROP_TYPES

    def removes(self):
        return _agg_keys(self.aggregate)

    def releases(self):
        return _agg_uses(self.aggregate)


@dataclass(frozen=True)
class ReplaceAggregate(Change):
    """``CREATE OR REPLACE AGGREGATE``: same arguments, state type and result; new support
    functions, initial condition or parallel safety."""

    old: Aggregate
    new: Aggregate

    def reverse(self) -> Change:
        return ReplaceAggregate(self.new, self.old)

    subject = property(lambda self: f"aggregate {self.new.signature}")

    def describe(self) -> str:
        return f"replace aggregate {self.new.signature}"

    stage = Stage.SETTINGS

    def alters(self):
        return (routine_key(self.new.schema, self.new.name, self.new.identity),)

    def requires(self):
        return _agg_uses(self.new)

    def releases(self):
        return _agg_uses(self.old)


@dataclass(frozen=True)
class CommentAggregate(Change):
    aggregate: Aggregate
    old: str | None
    new: str | None

    def reverse(self) -> Change:
        return replace(self, old=self.new, new=self.old)

    subject = property(lambda self: f"aggregate {self.aggregate.signature}")

    def describe(self) -> str:
        return f"set comment on aggregate {self.aggregate.signature}"

    stage = Stage.SETTINGS

    def requires(self):
        a = self.aggregate
        return (routine_key(a.schema, a.name, a.identity),)
