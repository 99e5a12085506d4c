"""Extensions: installed into a schema, may be moved to another."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Extension
from .base import Change


@dataclass(frozen=True)
class CreateExtension(Change):
    extension: Extension
    symbol = "+"

    def reverse(self) -> Change:
        return DropExtension(self.extension)

    subject = property(lambda self: f"extension {self.extension.name}")

    def describe(self) -> str:
        return f"create extension {self.extension.name}"


@dataclass(frozen=True)
class DropExtension(Change):
    extension: Extension
    symbol = "-"

    def reverse(self) -> Change:
        return CreateExtension(self.extension)

    subject = property(lambda self: f"extension {self.extension.name}")

    def describe(self) -> str:
        return f"drop extension {self.extension.name}"


@dataclass(frozen=True)
class MoveExtension(Change):
    """``ALTER EXTENSION ... SET SCHEMA``: the extension's objects move with it."""

    name: str
    old_schema: str
    new_schema: str

    def reverse(self) -> Change:
        return MoveExtension(self.name, self.new_schema, self.old_schema)

    subject = property(lambda self: f"extension {self.name}")

    def describe(self) -> str:
        return f"move extension {self.name} from schema {self.old_schema} to {self.new_schema}"

