"""Functions and procedures: created, dropped, replaced in place, commented.

A function is placed by two keys: its identity (:func:`.base.routine_key`: name and input
argument types, what overloads differ in) and its name (:func:`.base.function_key`), which is
what catalog text calling ``schema.name(...)`` (a default, a check, an index expression, a
view) mentions, so those are created after it and dropped before it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..fragments import LexError, tokens
from ..idents import unquote
from ..model import Function, QName
from .base import Change, Hazard, Stage, column_key, function_key, mentions, relation, routine_key, schema_key


def _kind(f: Function) -> str:
    return "procedure" if f.procedure else "function"


def _keys(f: Function) -> tuple:
    return (routine_key(f.schema, f.name, f.identity), function_key(f.qname))


def _uses(f: Function) -> tuple:
    """What the function's signature names: the schema, and types in its arguments or result."""
    text = " ".join([*(a.type for a in f.arguments), *(a.default or "" for a in f.arguments), f.returns or ""])
    return (schema_key(f.schema), *mentions(text.strip()))


def body_relations(f: Function) -> tuple:
    """The tables, views and functions a SQL body may read or call: PostgreSQL checks a SQL
    body when it is created (``check_function_bodies``), so they must exist first. Every name in the body
    counts (qualified as written, else in the function's schema or ``public``): a key no
    change provides places nothing, so a column or alias read as a name costs nothing.
    PL/pgSQL bodies are not checked against the catalog at creation."""
    if f.language != "sql":
        return ()
    try:
        toks = tokens(f.body)
    except LexError:
        return ()
    keys = []
    all_places: dict[QName, None] = {}
    for i, t in enumerate(toks):
        if t.kind not in ("ident", "qident"):
            continue
        name = unquote(t.text)
        if i >= 2 and toks[i - 1].text == "." and toks[i - 2].kind in ("ident", "qident"):
            places = [QName(unquote(toks[i - 2].text), name)]
        else:
            places = [QName(f.schema, name), QName("public", name)]
        all_places.update(dict.fromkeys(places))
        keys += [k for p in places for k in (relation(p), function_key(p))]
    if f.sql_body:  # it depends on the columns it reads too: each name read as a column of each table
        words = list(dict.fromkeys(unquote(t.text) for t in toks if t.kind in ("ident", "qident")))
        keys += [column_key(p, w) for p in all_places for w in words]
    return tuple(dict.fromkeys(keys))


@dataclass(frozen=True)
class CreateFunction(Change):
    function: Function
    symbol = "+"

    def reverse(self) -> Change:
        return DropFunction(self.function)

    subject = property(lambda self: f"{_kind(self.function)} {self.function.signature}")

    def describe(self) -> str:
        return f"create {_kind(self.function)} {self.function.signature}"

    stage = Stage.SEQUENCES

    def provides(self):
        return _keys(self.function)

    def requires(self):
        return (*_uses(self.function), *body_relations(self.function))


@dataclass(frozen=True)
class DropFunction(Change):
    function: Function
    symbol = "-"
    replaced: bool = False  # dropped to be created again with another signature or result

    def reverse(self) -> Change:
        return CreateFunction(self.function)

    subject = property(lambda self: f"{_kind(self.function)} {self.function.signature}")

    def describe(self) -> str:
        return f"drop {_kind(self.function)} {self.function.signature}"

    def hazards(self):
        if self.replaced:
            return (Hazard("compatibility", f"{_kind(self.function)} {self.function.signature} is dropped and "
                           "created again: calls to the old signature fail, grants on it are lost", code="SF503"),)
        return ()

    stage = Stage.DROP_TYPES

    def removes(self):
        return _keys(self.function)

    def releases(self):
        return (*_uses(self.function), *body_relations(self.function))


@dataclass(frozen=True)
class ReplaceFunction(Change):
    """``CREATE OR REPLACE`` with a new body or attributes; the signature and result stay."""

    old: Function
    new: Function

    def reverse(self) -> Change:
        return ReplaceFunction(self.new, self.old)

    subject = property(lambda self: f"{_kind(self.new)} {self.new.signature}")

    def describe(self) -> str:
        return f"replace {_kind(self.new)} {self.new.signature}"

    stage = Stage.SETTINGS

    def alters(self):
        return (routine_key(self.new.schema, self.new.name, self.new.identity),)

    def requires(self):
        keys = body_relations(self.new)
        if self.old.sql_body:  # a table's name, not its shape: a column the old body reads goes after
            keys = tuple(("name", *k[1:]) if k[0] == "relation" else k for k in keys)
        return (*_uses(self.new), *keys)

    def releases(self):
        """An SQL-standard body depends on what it reads (``pg_depend``): the old one lets go
        of it here, so a table it no longer reads is dropped after the replace."""
        return body_relations(self.old) if self.old.sql_body else ()


@dataclass(frozen=True)
class CommentFunction(Change):
    function: Function  # as it is after the change (the comment aside)
    old: str | None
    new: str | None

    def reverse(self) -> Change:
        return replace(self, old=self.new, new=self.old)

    subject = property(lambda self: f"{_kind(self.function)} {self.function.signature}")

    def describe(self) -> str:
        return f"set comment on {_kind(self.function)} {self.function.signature}"

    stage = Stage.SETTINGS

    def requires(self):
        return (routine_key(self.function.schema, self.function.name, self.function.identity),)
