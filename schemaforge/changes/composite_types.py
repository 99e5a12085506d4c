"""Composite types: named row types, altered in place where the attribute order allows."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import CompositeType
from .base import Change, Hazard, Stage, mentions, schema_key, type_key


@dataclass(frozen=True)
class CreateCompositeType(Change):
    type: CompositeType
    symbol = "+"

    def reverse(self) -> Change:
        return DropCompositeType(self.type)

    subject = property(lambda self: f"type {self.type.qname}")

    def describe(self) -> str:
        return f"create type {self.type.qname} ({', '.join(a[0] for a in self.type.attributes)})"

    stage = Stage.COMPOSITE_TYPES

    def provides(self):
        return (type_key(self.type.qname),)

    def requires(self):
        return (schema_key(self.type.schema), *(k for a in self.type.attributes for k in mentions(a[1])))


@dataclass(frozen=True)
class DropCompositeType(Change):
    type: CompositeType
    symbol = "-"
    replaced: bool = False  # dropped to be created again: goes before the creation

    def reverse(self) -> Change:
        return CreateCompositeType(self.type)

    subject = property(lambda self: f"type {self.type.qname}")

    def describe(self) -> str:
        return f"drop type {self.type.qname}"

    stage = Stage.DROP_COMPOSITE_TYPES

    def removes(self):
        return (type_key(self.type.qname),)

    def releases(self):
        return (schema_key(self.type.schema), *(k for a in self.type.attributes for k in mentions(a[1])))


@dataclass(frozen=True)
class AlterCompositeType(Change):
    """Drop, retype and append attributes in place (the diff recreates the type otherwise)."""

    old: CompositeType
    new: CompositeType

    def reverse(self) -> Change:
        return AlterCompositeType(self.new, self.old)

    subject = property(lambda self: f"type {self.new.qname}")

    def describe(self) -> str:
        return f"alter type {self.new.qname}"

    def hazards(self):
        gone = {a[0] for a in self.old.attributes} - {a[0] for a in self.new.attributes}
        if gone:
            return (Hazard("data_loss", f"drops attribute(s) {', '.join(sorted(gone))} of {self.new.qname}", destructive=True, code="SF106"),)
        return ()

    stage = Stage.ALTER_TYPES

    def requires(self):
        return (type_key(self.new.qname), *(k for a in self.new.attributes for k in mentions(a[1])))

    def releases(self):
        return tuple(k for a in self.old.attributes for k in mentions(a[1]))

