"""Literals and column references as ``pg_get_expr`` prints them.

``'it''s'`` stays doubled (standard_conforming_strings: backslashes are plain), a string
typed text reads ``'x'::text``, a negative integer constant ``'-1'::integer``; a column
is printed bare only when ``quote_ident`` would leave it bare (lower case, not a keyword).
"""

from __future__ import annotations

import re

from .keywords import KEYWORDS
from .sqltext import Cast, Col, Lit

_PLAIN = re.compile(r"[a-z_][a-z0-9_]*")
INT4_MAX = 2147483647


class Unproven(Exception):
    """Raised inside the canonicalizer: this input goes to the server."""


def column_ident(name: str) -> str:
    """A column name printed bare, or :class:`Unproven` when PostgreSQL might quote it."""
    if not _PLAIN.fullmatch(name) or name in KEYWORDS or len(name.encode()) > 63:
        raise Unproven(name)
    return name


def quote_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def int_value(node) -> int | None:
    """The value of an int4 constant (``7``, ``-1``, ``'-1'::integer``), else None."""
    if isinstance(node, Lit) and node.kind == "int":
        v = int(node.value)
    elif isinstance(node, Cast) and node.type == "integer" and isinstance(node.node, Lit) and node.node.kind == "str":
        if not re.fullmatch(r"-?(0|[1-9]\d{0,9})", node.node.value):
            return None
        v = int(node.node.value)
    else:
        return None
    # -2147483648 is negated from an int8 constant; -0 and 007 are not worth the risk
    if abs(v) > INT4_MAX or re.fullmatch(r"-?0\d+|-0", node.value if isinstance(node, Lit) else node.node.value):
        return None
    return v


def int_sql(v: int) -> str:
    """An int4 constant as printed: bare when not negative."""
    return str(v) if v >= 0 else f"'{v}'::integer"


def num_value(node) -> str | None:
    """A numeric constant with a decimal point (``1.5``, ``-0.25``, ``'-1.5'::numeric``)."""
    pat = r"-?(0|[1-9]\d{0,14})\.\d{1,15}"
    if isinstance(node, Lit) and node.kind == "num" and re.fullmatch(pat, node.value):
        return node.value
    inner = node.node if isinstance(node, Cast) and node.type == "numeric" else None
    if isinstance(inner, Lit) and inner.kind == "str" and re.fullmatch(pat, inner.value) and inner.value.startswith("-"):
        return inner.value
    return None


def num_sql(v: str) -> str:
    return v if not v.startswith("-") else f"'{v}'::numeric"


def string_value(node, typed: str = "text") -> str | None:
    """The content of a string literal, bare or cast to ``typed``."""
    if isinstance(node, Cast) and node.type == typed:
        node = node.node
    if isinstance(node, Lit) and node.kind == "str" and "\x00" not in node.value:
        return node.value
    return None


def column_of(node, columns: dict[str, str]) -> tuple[str, str] | None:
    """(name, family) of a column reference, seen through ``::text`` on text-like columns."""
    if isinstance(node, Cast) and node.type == "text":
        inner = column_of(node.node, columns)
        return inner if inner and inner[1] in ("text", "varchar") else None
    if isinstance(node, Col) and node.name in columns:
        return node.name, columns[node.name]
    return None
