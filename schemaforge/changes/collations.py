"""Collations: created, dropped (a changed definition is both), commented.

Columns and indexes that use a collation require it (:func:`collation_keys`), so it is
created before them and dropped after them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..idents import unquote
from ..model import Collation
from .base import Change, Key, Stage, schema_key


def collation_key(schema: str, name: str) -> Key:
    return ("collation", schema, name)


def collation_keys(text: str | None) -> tuple[Key, ...]:
    """The key of the collation catalog text ``schema."name"`` names; none for a bare name
    (a ``pg_catalog`` collation: never part of a plan)."""
    if not text or text.startswith('"') and text.endswith('"') and text.count('"') == 2:
        return ()
    if text.startswith('"'):
        end = 1
        while end < len(text):
            if text[end] == '"' and text[end + 1:end + 2] == '"':
                end += 2
            elif text[end] == '"':
                break
            else:
                end += 1
        schema, rest = unquote(text[:end + 1]), text[end + 1:]
    else:
        schema, dot, rest = text.partition(".")
        rest = dot + rest
    if not rest.startswith('."'):
        return ()
    return (collation_key(schema, unquote(rest[1:])),)


@dataclass(frozen=True)
class CreateCollation(Change):
    collation: Collation
    symbol = "+"

    def reverse(self) -> Change:
        return DropCollation(self.collation)

    subject = property(lambda self: f"collation {self.collation.qname}")

    def describe(self) -> str:
        return f"create collation {self.collation.qname} ({self.collation.provider})"

    stage = Stage.ENUMS

    def provides(self):
        return (collation_key(self.collation.schema, self.collation.name),)

    def requires(self):
        return (schema_key(self.collation.schema),)


@dataclass(frozen=True)
class DropCollation(Change):
    collation: Collation
    symbol = "-"

    def reverse(self) -> Change:
        return CreateCollation(self.collation)

    subject = property(lambda self: f"collation {self.collation.qname}")

    def describe(self) -> str:
        return f"drop collation {self.collation.qname}"

    stage = Stage.DROP_TYPES

    def removes(self):
        return (collation_key(self.collation.schema, self.collation.name),)

    def releases(self):
        return (schema_key(self.collation.schema),)


@dataclass(frozen=True)
class CommentCollation(Change):
    collation: Collation
    old: str | None
    new: str | None

    def reverse(self) -> Change:
        return CommentCollation(self.collation, self.new, self.old)

    subject = property(lambda self: f"collation {self.collation.qname}")

    def describe(self) -> str:
        return "set comment" if self.new is not None else "remove comment"

    stage = Stage.SETTINGS

    def requires(self):
        return (collation_key(self.collation.schema, self.collation.name),)
