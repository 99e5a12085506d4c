"""Operators: created, dropped, their estimators altered in place, commented.

An operator is placed by two keys: its symbol (:func:`.base.operator_key`, any argument
types: what catalog text spelling ``OPERATOR(schema.symbol)`` in an index, view, default or
check uses, so those are created after it and dropped before it) and its identity
(:func:`.base.operator_sig_key`). It needs its function, its estimators and its argument
types first. ``ALTER OPERATOR ... SET`` changes only the restriction and join estimators on
every supported server; any other change drops and creates it again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Operator
from .base import Change, Hazard, Stage, function_key, mentions, operator_key, operator_sig_key, schema_key


def _keys(o: Operator) -> tuple:
    return (operator_sig_key(o), operator_key(o.schema, o.name))


def _estimators(o: Operator) -> tuple:
    return tuple(function_key(f) for f in (o.restrict, o.join) if f is not None)


def _uses(o: Operator) -> tuple:
    """The schema, the function, and the types of its arguments."""
    types = " ".join(t for t in (o.left, o.right) if t)
    return (schema_key(o.schema), function_key(o.function), *_estimators(o), *mentions(types))


@dataclass(frozen=True)
class CreateOperator(Change):
    operator: Operator
    symbol = "+"

    def reverse(self) -> Change:
        return DropOperator(self.operator)

    subject = property(lambda self: f"operator {self.operator.signature}")

    def describe(self) -> str:
        return f"create operator {self.operator.signature}"

    stage = Stage.SEQUENCES

    def provides(self):
        return _keys(self.operator)

    def requires(self):
        return _uses(self.operator)


@dataclass(frozen=True)
class DropOperator(Change):
    operator: Operator
    symbol = "-"
    replaced: bool = False  # dropped to be created again with another function or options

    def reverse(self) -> Change:
        return CreateOperator(self.operator)

    subject = property(lambda self: f"operator {self.operator.signature}")

    def describe(self) -> str:
        return f"drop operator {self.operator.signature}"

    def hazards(self):
        if self.replaced:
            return (Hazard("compatibility", f"operator {self.operator.signature} is dropped and created again: "
                           "indexes and views using it must be dropped first", code="SF503"),)
        return ()

    stage = Stage.DROP_TYPES

    def removes(self):
        return _keys(self.operator)

    def releases(self):
        return _uses(self.operator)


@dataclass(frozen=True)
class AlterOperator(Change):
    """``ALTER OPERATOR ... SET (RESTRICT = ..., JOIN = ...)``: only the estimators differ."""

    old: Operator
    new: Operator

    def reverse(self) -> Change:
        return AlterOperator(self.new, self.old)

    subject = property(lambda self: f"operator {self.new.signature}")

    def describe(self) -> str:
        return f"alter operator {self.new.signature} estimators"

    stage = Stage.SETTINGS

    def alters(self):
        return (operator_sig_key(self.new),)

    def requires(self):
        return _estimators(self.new)

    def releases(self):
        return _estimators(self.old)


@dataclass(frozen=True)
class CommentOperator(Change):
    operator: Operator  # as it is after the change (the comment aside)
    old: str | None
    new: str | None

    def reverse(self) -> Change:
        return replace(self, old=self.new, new=self.old)

    subject = property(lambda self: f"operator {self.operator.signature}")

    def describe(self) -> str:
        return f"set comment on operator {self.operator.signature}"

    stage = Stage.SETTINGS

    def requires(self):
        return (operator_sig_key(self.operator),)
