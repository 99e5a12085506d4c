"""What uses what: the one answer to "does this SQL text use that object", for diff, order
and normalize alike.

Catalog text (``pg_get_viewdef``, ``format_type``) names every object outside
``pg_catalog`` schema-qualified and quoted only where needed, so an object is used where its
qualified catalog spelling appears as a whole name: not inside a longer identifier, not as
the tail of another qualified name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from .idents import catalog_ident
from .model import Database, QName, View


@functools.lru_cache(maxsize=4096)
def _pattern(name: QName) -> tuple[str, re.Pattern]:
    """The catalog spelling of ``name``, and the pattern finding it as a whole name."""
    spelled = f"{catalog_ident(name.schema)}.{catalog_ident(name.name)}"
    return spelled, re.compile(r"(?<![\w\"$])" + re.escape(spelled) + r"(?![\w\"$])")


def uses(text: str, name: QName) -> bool:
    """Whether catalog ``text`` names the object ``name``."""
    spelled, pattern = _pattern(name)
    return spelled in text and pattern.search(text) is not None


def used(text: str, names: Iterable[QName]) -> list[QName]:
    """Which of ``names`` catalog ``text`` names, in the order given."""
    return [n for n in names if uses(text, n)]


def _uses_any(text: str, names: set[QName]) -> bool:
    return any(uses(text, n) for n in names)


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
