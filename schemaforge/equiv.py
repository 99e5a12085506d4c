"""Expressions PostgreSQL stores differently but that mean the same thing.

Normalizing through PostgreSQL settles almost every spelling, but a few synonyms survive in
the catalog as distinct nodes (``CURRENT_TIMESTAMP`` is an SQLValueFunction, ``now()`` a
function call). Comparisons go through :func:`canonical`, a small table of such synonyms.
"""

from __future__ import annotations

import re

SYNONYMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bCURRENT_TIMESTAMP\b(?!\s*\()", re.IGNORECASE), "now()"),
    (re.compile(r"\btransaction_timestamp\(\)", re.IGNORECASE), "now()"),
    (re.compile(r"\bLOCALTIMESTAMP\b(?!\s*\()", re.IGNORECASE), "LOCALTIMESTAMP"),
]


def canonical(expr: str | None) -> str | None:
    """A comparison key for a catalog expression (never rendered)."""
    if expr is None:
        return None
    for pat, repl in SYNONYMS:
        expr = pat.sub(repl, expr)
    return expr
