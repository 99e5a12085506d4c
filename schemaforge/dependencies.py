"""What uses what: the one answer to "does this SQL text use that object", for diff, order
and normalize alike. Two rules, for the two kinds of text:

* catalog text (:func:`uses`, :func:`used`, :func:`views_over`), read from PostgreSQL;
* text written by people (:func:`mentioned`), a YAML view body before PostgreSQL has read it.

Catalog text (``pg_get_viewdef``, ``format_type``) names every object outside
``pg_catalog`` schema-qualified and quoted only where needed, so an object is used where its
qualified catalog spelling appears as a whole name: not inside a longer identifier, not as
the tail of another qualified name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from .fragments import LexError, Token, tokens
from .idents import catalog_ident
from .model import Database, QName, View


@functools.lru_cache(maxsize=4096)
def _spelled(name: QName) -> str:
    """The catalog spelling of ``name``."""
    return f"{catalog_ident(name.schema)}.{catalog_ident(name.name)}"


@functools.lru_cache(maxsize=4096)
def _pattern(spelled: str) -> re.Pattern:
    """The pattern finding ``spelled`` as a whole name: compiled only for a text that holds it
    (a plan asks about every table, most of them named in no text at all)."""
    return re.compile(r"(?<![\w\"$])" + re.escape(spelled) + r"(?![\w\"$])")


def uses(text: str, name: QName) -> bool:
    """Whether catalog ``text`` names the object ``name``."""
    spelled = _spelled(name)
    return spelled in text and _pattern(spelled).search(text) is not None


def uses_operator(text: str, name: QName) -> bool:
    """Whether catalog ``text`` names the operator ``name`` (schema and symbol): outside
    ``pg_catalog`` catalog text spells it ``OPERATOR(schema.symbol)``."""
    return f"OPERATOR({catalog_ident(name.schema)}.{name.name})" in text


_OPERATOR_CHARS = frozenset("+-*/<>=~!@#%^&|`?")


def uses_object(text: str, name: QName) -> bool:
    """:func:`uses` for a relation, type or function, :func:`uses_operator` for an operator
    (a name made only of operator characters, which no other object's name can be)."""
    if name.name and set(name.name) <= _OPERATOR_CHARS:
        return uses_operator(text, name)
    return uses(text, name)


def used(text: str, names: Iterable[QName]) -> list[QName]:
    """Which of ``names`` catalog ``text`` names, in the order given."""
    return [n for n in names if uses(text, n)]


def _uses_any(text: str, names: set[QName]) -> bool:
    return any(uses_object(text, n) for n in names)


def views_over(db: Database, names: Iterable[QName]) -> tuple[View, ...]:
    """Views of ``db`` that use ``names``, directly or through each other, each after the
    views it uses (the order to create them in; reversed, to drop them)."""
    found: list[View] = []
    wanted = set(names)
    while True:
        more = [v for v in db.views if v not in found and _uses_any(v.definition, wanted)]
        if not more:
            break
        found += more
        wanted |= {v.qname for v in more}
    ordered: list[View] = []
    pending = found
    while pending:
        waiting = {v.qname for v in pending}
        ready = [v for v in pending if not _uses_any(v.definition, waiting - {v.qname})] or pending[:1]
        ordered += ready
        pending = [v for v in pending if v not in ready]
    return tuple(ordered)


# --- text written by people -----------------------------------------------------------------
#
# A YAML view body names objects the way people write SQL: unqualified (resolved by a
# search_path unknown here) or qualified, quoted or not, in any letter case. A regex cannot
# tell a name from part of a string literal or a quoted identifier, so the text is read as
# PostgreSQL's tokens (:func:`schemaforge.fragments.tokens`) and names are compared as
# PostgreSQL compares them: unquoted identifiers folded to lower case, quoted ones exact.


def mentioned(text: str, names: Iterable[QName]) -> list[QName]:
    """Which of ``names`` SQL text written by people mentions, in the order given.

    ``name`` alone mentions every object of that name (whatever its schema: the search_path
    decides, and more is safe where this is used, less is not); ``schema.name`` mentions
    only that object; so does the literal of a ``'schema.name'::regclass`` cast. The same
    word may be a column or an alias: that is counted too, for the same reason. Text that
    does not lex (it would not run either) mentions every name.
    """
    names = list(names)
    try:
        spelled = _spelled_names(text)
    except LexError:
        return names
    return [n for n in names if (None, n.name) in spelled or (n.schema, n.name) in spelled]


def _spelled_names(text: str) -> set[tuple[str | None, str]]:
    """``(qualifier, name)`` for every identifier of ``text`` written after ``qualifier.``,
    ``(None, name)`` for every other one; regclass literals are read the same way."""
    toks = tokens(text)
    found: set[tuple[str | None, str]] = set()
    for i, t in enumerate(toks):
        if t.kind in ("ident", "qident"):
            qualified = i >= 2 and toks[i - 1].text == "." and toks[i - 2].kind in ("ident", "qident")
            found.add((_identifier(toks[i - 2]) if qualified else None, _identifier(t)))
        elif t.kind == "string" and _regclass_cast(toks, i):
            found |= _spelled_names(t.text[1:-1].replace("''", "'"))
    return found


def _identifier(t: Token) -> str:
    """The name an identifier token stands for: quoted exactly, unquoted folded to lower case."""
    if t.kind == "qident":
        body = t.text[t.text.index('"') + 1 : -1]
        return body.replace('""', '"')
    return t.text.translate(_ASCII_LOWER)


def _regclass_cast(toks: tuple[Token, ...], i: int) -> bool:
    return (
        i + 2 < len(toks) and toks[i + 1].kind == "cast"
        and toks[i + 2].kind == "ident" and toks[i + 2].text.lower() == "regclass"
    )


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
