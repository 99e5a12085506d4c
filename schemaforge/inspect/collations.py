"""Collations from ``pg_collation`` (the locale column's name changed in PostgreSQL 17: the
query reads either)."""

from __future__ import annotations

from ..model.collations import PROVIDERS, Collation, collation_of

_PROVIDER_OF = {letter: name for name, letter in PROVIDERS.items()}


def read_collations(rows: list[tuple]) -> tuple[Collation, ...]:
    """The collations of the rows of ``COLLATIONS_SQL``."""
    out = []
    for schema, name, letter, locale, lc_collate, lc_ctype, deterministic, comment in rows:
        provider = _PROVIDER_OF.get(letter, "libc")
        if provider == "libc":
            out.append(collation_of(schema, name, provider, None, lc_collate, lc_ctype, deterministic, comment))
        else:
            out.append(collation_of(schema, name, provider, locale, None, None, deterministic, comment))
    return tuple(out)
