"""An object of a kind other than a table moved to another PostgreSQL schema (``ALTER ...
SET SCHEMA``), from a ``moved_from:`` hint: one statement, the object keeps its OID, so its
grants, comment, a sequence's current value and a materialized view's rows stay, and what
uses it (views, column types, defaults, triggers) follows it without being recreated."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..model import Aggregate, Collation, CompositeType, Domain, Enum, Function, RangeType, Sequence, View
from .aggregates import CreateAggregate, DropAggregate
from .base import Change, Hazard, Stage, mentions, schema_key
from .collations import CreateCollation, DropCollation
from .composite_types import CreateCompositeType, DropCompositeType
from .domains import CreateDomain, DropDomain
from .enums import CreateEnum, DropEnum
from .functions import CreateFunction, DropFunction
from .ranges import CreateRangeType, DropRangeType
from .sequences import CreateSequence, DropSequence
from .views import CreateView, DropView

# model class -> (create change, drop change): a move provides what the one creating the
# object in its new schema would, and removes what dropping it from the old one would
_CHANGES: dict[type, tuple[type, type]] = {
    View: (CreateView, DropView), Sequence: (CreateSequence, DropSequence),
    Function: (CreateFunction, DropFunction), Aggregate: (CreateAggregate, DropAggregate),
    Enum: (CreateEnum, DropEnum), Domain: (CreateDomain, DropDomain),
    CompositeType: (CreateCompositeType, DropCompositeType), RangeType: (CreateRangeType, DropRangeType),
    Collation: (CreateCollation, DropCollation),
}


def object_word(obj: Any) -> str:
    """The SQL word for the object's kind (``ALTER <word> ... SET SCHEMA``)."""
    if isinstance(obj, View):
        return "MATERIALIZED VIEW" if obj.materialized else "VIEW"
    if isinstance(obj, Function):
        return "PROCEDURE" if obj.procedure else "FUNCTION"
    words = {Sequence: "SEQUENCE", Aggregate: "AGGREGATE", Domain: "DOMAIN", Collation: "COLLATION"}
    return words.get(type(obj), "TYPE")


@dataclass(frozen=True)
class MoveObject(Change):
    """``obj`` in the schema it is in before the move (its other text as it reads after every
    move of the plan: a function's argument types of a moved type name the new schema, which
    is why the move requires those types' keys and runs after theirs); ``new_schema``: where
    it goes."""

    obj: Any  # View | Sequence | Function | Aggregate | Enum | Domain | CompositeType | RangeType | Collation
    new_schema: str

    def reverse(self) -> Change:
        return MoveObject(replace(self.obj, schema=self.new_schema), self.obj.schema)

    subject = property(lambda self: f"{object_word(self.obj).lower()} {self.new_schema}.{self.obj.name}")

    def describe(self) -> str:
        return f"move {object_word(self.obj).lower()} {self.obj.schema}.{self.obj.name} to schema {self.new_schema}"

    def hazards(self):
        return (Hazard("compatibility", f"moving {object_word(self.obj).lower()} {self.obj.schema}.{self.obj.name} "
                                        f"to schema {self.new_schema} breaks running code that names it by its "
                                        "old schema", code="SF502"),)

    stage = Stage.RENAMES

    def provides(self):
        create, _ = _CHANGES[type(self.obj)]
        return create(replace(self.obj, schema=self.new_schema)).provides()

    def removes(self):
        _, drop = _CHANGES[type(self.obj)]
        return drop(self.obj).removes()

    def requires(self):
        identity = getattr(self.obj, "identity", ()) if isinstance(self.obj, Function | Aggregate) else ()
        return (schema_key(self.new_schema), *mentions(" ".join(identity)))

    def releases(self):
        return (schema_key(self.obj.schema),)
