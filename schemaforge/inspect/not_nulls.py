"""PostgreSQL 18 NOT NULL constraints added ``NOT VALID``: ``attnotnull`` is true for their
columns (new rows are checked), so the column reads NOT NULL; this marks it not valid.
Servers before 18 have no such constraints (and no NOT NULL rows in pg_constraint)."""

from __future__ import annotations

from dataclasses import replace

import psycopg

from .queries import NOT_VALID_NOT_NULLS_SQL
from .session import fetch
from .tables import Relations


def read_not_valid_not_nulls(conn: psycopg.Connection, nsp: list[int], relations: Relations) -> None:
    """Set ``not_null_valid=False`` on each column whose NOT NULL is not validated (one query)."""
    if conn.info.server_version < 180000:
        return
    columns: dict[int, set[str]] = {}
    for relid, name in fetch(conn, NOT_VALID_NOT_NULLS_SQL, {"nsp": nsp}):
        columns.setdefault(relid, set()).add(name)
    for relid, names in columns.items():
        rel = relations.get(relid)
        if rel is None or rel["kind"] not in ("r", "p"):
            continue
        rel["columns"] = [replace(c, not_null_valid=False) if c.name in names and not c.nullable else c
                          for c in rel["columns"]]
