"""Column types whose ``format_type`` spelling is known exactly.

The entity builder already spells types the catalog way (``schemaforge.types``); this module
only *accepts* the spellings proven to be what ``format_type`` prints, so that anything else
(domains, enums, extension types, unusual modifiers) goes to the server.
"""

from __future__ import annotations

import functools
import re

PLAIN = frozenset({
    "smallint", "integer", "bigint", "numeric", "real", "double precision", "text", "boolean", "date",
    "timestamp with time zone", "timestamp without time zone", "time without time zone", "interval",
    "uuid", "jsonb", "bytea", "inet", "character varying",
})  # not json: it has no btree operator class, so an index or key on it must reach the server
_LENGTH = re.compile(r"(character varying|character)\((\d{1,8})\)")
_NUMERIC = re.compile(r"numeric\((\d{1,4}),(\d{1,4})\)")  # numeric(p) reads numeric(p,0)
_PRECISION = re.compile(r"(timestamp|time)\(([0-6])\) (with|without) time zone")
MAX_LENGTH = 10485760
INTEGERS = frozenset({"smallint", "integer", "bigint"})
# integer is "int"; bigint and smallint compare with int4 constants the same way, but
# IN (...) casts its elements to them, so they are told apart
INT_FAMILIES = {"integer": "int", "bigint": "int8", "smallint": "int2"}
TEXTS = frozenset({"text", "character varying"})


@functools.lru_cache(maxsize=4096)
def canonical_type(text: str) -> str | None:
    """``text`` when it is exactly the ``format_type`` spelling of a proven type, else None."""
    base = text[:-2] if text.endswith("[]") else text
    if base in PLAIN:
        return text
    m = _LENGTH.fullmatch(base)
    if m:
        return text if 1 <= int(m.group(2)) <= MAX_LENGTH and m.group(2)[0] != "0" else None
    m = _NUMERIC.fullmatch(base)
    if m:
        p, s = int(m.group(1)), int(m.group(2) or 0)
        ok = 1 <= p <= 1000 and s <= p and m.group(1)[0] != "0" and (m.group(2) is None or m.group(2) == str(s))
        return text if ok else None
    if _PRECISION.fullmatch(base) and not base.startswith("time(") or base.startswith("time(") and "without" in base:
        return text if _PRECISION.fullmatch(base) else None
    return None


@functools.lru_cache(maxsize=4096)
def family(text: str) -> str | None:
    """What decides how an expression over a column of this type is printed:
    ``int`` (``int8``, ``int2``), ``numeric``, ``text``, ``varchar``, ``bool``, or None (not proven)."""
    if text.endswith("[]"):
        return None
    if text in INTEGERS:
        return INT_FAMILIES[text]
    if text == "numeric" or text.startswith("numeric("):
        return "numeric"
    if text == "text":
        return "text"
    if text.startswith("character varying"):
        return "varchar"
    if text == "boolean":
        return "bool"
    if text in ("jsonb", "uuid"):
        return text
    return None
