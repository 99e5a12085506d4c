"""Range types: created and dropped (comments are :class:`.comments.SetComment`).

A range type provides its own type key and its multirange's (columns of either are created
after it), after its subtype and its ``subtype_diff``/``canonical`` functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import QName, RangeType
from .aggregates import named_function
from .base import Change, Stage, mentions, schema_key, type_key


def _range_keys(r: RangeType) -> tuple:
    return (type_key(r.qname), type_key(QName(r.schema, r.multirange_name)))


def _range_uses(r: RangeType) -> tuple:
    return (schema_key(r.schema), *mentions(r.subtype), *named_function(r.subtype_diff), *named_function(r.canonical))


@dataclass(frozen=True)
class CreateRangeType(Change):
    range_type: RangeType
    symbol = "+"

    def reverse(self) -> Change:
        return DropRangeType(self.range_type)

    subject = property(lambda self: f"range type {self.range_type.qname}")

    def describe(self) -> str:
        return f"create range type {self.range_type.qname} over {self.range_type.subtype}"

    stage = Stage.COMPOSITE_TYPES

    def provides(self):
        return _range_keys(self.range_type)

    def requires(self):
        return _range_uses(self.range_type)


@dataclass(frozen=True)
class DropRangeType(Change):
    range_type: RangeType
    symbol = "-"
    replaced: bool = False

    def reverse(self) -> Change:
        return CreateRangeType(self.range_type)

    subject = property(lambda self: f"range type {self.range_type.qname}")

    def describe(self) -> str:
        return f"drop range type {self.range_type.qname}"

    stage = Stage.DROP_COMPOSITE_TYPES

    def removes(self):
        return _range_keys(self.range_type)

    def releases(self):
        return _range_uses(self.range_type)
