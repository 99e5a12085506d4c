"""Extensions: installed into a schema, may be moved to another."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Extension
from .base import Change, Hazard, Stage, extension_key, schema_key


@dataclass(frozen=True)
class CreateExtension(Change):
    extension: Extension
    symbol = "+"

    def reverse(self) -> Change:
        return DropExtension(self.extension)

    subject = property(lambda self: f"extension {self.extension.name}")

    def describe(self) -> str:
        return f"create extension {self.extension.name}"

    stage = Stage.CONTAINERS

    def provides(self):
        return (extension_key(self.extension.name),)

    def requires(self):
        return (schema_key(self.extension.schema),) if self.extension.schema else ()


@dataclass(frozen=True)
class DropExtension(Change):
    extension: Extension
    symbol = "-"

    def reverse(self) -> Change:
        return CreateExtension(self.extension)

    subject = property(lambda self: f"extension {self.extension.name}")

    def describe(self) -> str:
        return f"drop extension {self.extension.name}"

    stage = Stage.DROP_EXTENSIONS

    def removes(self):
        return (extension_key(self.extension.name),)

    def releases(self):
        return (schema_key(self.extension.schema),) if self.extension.schema else ()


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

    stage = Stage.CONTAINERS

    def requires(self):
        return (schema_key(self.new_schema),)

    def releases(self):
        return (schema_key(self.old_schema),)


@dataclass(frozen=True)
class UpdateExtension(Change):
    """``ALTER EXTENSION ... UPDATE TO``: runs the extension's update scripts. The down step
    updates back, which works only if the extension ships a downgrade path (few do)."""

    name: str
    old_version: str
    new_version: str

    def reverse(self) -> Change:
        return UpdateExtension(self.name, self.new_version, self.old_version)

    subject = property(lambda self: f"extension {self.name}")

    def describe(self) -> str:
        return f"update extension {self.name} from version {self.old_version} to {self.new_version}"

    def hazards(self):
        return (Hazard("irreversible", f"extension {self.name} {self.old_version} -> {self.new_version}: the down "
                       "step needs a downgrade path the extension may not ship", code="SF701"),)

    stage = Stage.CONTAINERS

    def alters(self):
        return (extension_key(self.name),)
