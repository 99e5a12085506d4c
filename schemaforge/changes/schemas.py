"""Schemas: namespaces every other object lives in."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Schema
from .base import Change, Hazard, Stage, schema_key


@dataclass(frozen=True)
class CreateSchema(Change):
    schema: Schema
    symbol = "+"

    def reverse(self) -> Change:
        return DropSchema(self.schema)

    subject = property(lambda self: f"schema {self.schema.name}")

    def describe(self) -> str:
        return f"create schema {self.schema.name}"

    stage = Stage.CONTAINERS

    def provides(self):
        return (schema_key(self.schema.name),)


@dataclass(frozen=True)
class DropSchema(Change):
    schema: Schema
    symbol = "-"

    def reverse(self) -> Change:
        return CreateSchema(self.schema)

    subject = property(lambda self: f"schema {self.schema.name}")

    def describe(self) -> str:
        return f"drop schema {self.schema.name}"

    def hazards(self):
        return (Hazard("data_loss", f"drops schema {self.schema.name}", destructive=True, code="SF104"),)

    stage = Stage.DROP_SCHEMAS

    def removes(self):
        return (schema_key(self.schema.name),)

