"""Collations from ``pg_collation`` (the locale column's name changed in PostgreSQL 17: the
query reads either)."""

from __future__ import annotations

import psycopg

from ..model.collations import PROVIDERS, Collation, collation_of
from .queries import COLLATIONS_SQL
from .session import fetch

_PROVIDER_OF = {letter: name for name, letter in PROVIDERS.items()}


def read_collations(conn: psycopg.Connection, nsp: list[int]) -> tuple[Collation, ...]:
    out = []
    for schema, name, letter, locale, lc_collate, lc_ctype, deterministic, comment in fetch(
            conn, COLLATIONS_SQL, {"nsp": nsp}):
        provider = _PROVIDER_OF.get(letter, "libc")
        if provider == "libc":
            out.append(collation_of(schema, name, provider, None, lc_collate, lc_ctype, deterministic, comment))
        else:
            out.append(collation_of(schema, name, provider, locale, None, None, deterministic, comment))
    return tuple(out)
