"""Views and materialized views."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import View
from .base import Change, Hazard, Stage, class_name, mentions, relation, schema_key
from .statistics import statistics_key


@dataclass(frozen=True)
class CreateView(Change):
    view: View
    symbol = "+"

    def reverse(self) -> Change:
        return DropView(self.view)

    subject = property(lambda self: f"{'materialized ' if self.view.materialized else ''}view {self.view.qname}")

    def describe(self) -> str:
        return f"create {'materialized ' if self.view.materialized else ''}view {self.view.qname}"

    stage = Stage.VIEWS

    def provides(self):
        v = self.view
        return (relation(v.qname), class_name(v.schema, v.name), *(statistics_key(v.schema, s.name) for s in v.statistics))

    def requires(self):
        return (schema_key(self.view.schema), *mentions(self.view.definition))


@dataclass(frozen=True)
class DropView(Change):
    view: View
    symbol = "-"
    replaced: bool = False  # dropped to be created again (new definition, or its tables changed)

    def reverse(self) -> Change:
        return CreateView(self.view)

    subject = property(lambda self: f"{'materialized ' if self.view.materialized else ''}view {self.view.qname}")

    def describe(self) -> str:
        return f"drop {'materialized ' if self.view.materialized else ''}view {self.view.qname}"

    def hazards(self):
        # A materialized view holds rows of its own: gone for good unless it is created again.
        if self.view.materialized and not self.replaced:
            return (Hazard("data_loss", f"drops materialized view {self.view.qname} and its rows", destructive=True, code="SF105"),)
        return ()

    stage = Stage.DROP_VIEWS

    def removes(self):
        v = self.view
        return (relation(v.qname), class_name(v.schema, v.name), *(statistics_key(v.schema, s.name) for s in v.statistics))

    def releases(self):
        return (schema_key(self.view.schema), *mentions(self.view.definition))

