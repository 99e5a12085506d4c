"""PostgreSQL is the normalizer: materialize the desired model and read it back.

``now()`` vs ``CURRENT_TIMESTAMP``, ``'a'::character varying`` vs ``'a'``, ``int`` vs
``integer``: instead of teaching a local canonicalizer every spelling, the desired model is
created in a scratch database on the target's own server (so catalog text matches the
target's major version) and introspected with the same code that reads the target. Both
sides of the diff are then in catalog form, and a no-op plan is empty.
"""

from __future__ import annotations

from dataclasses import replace

import psycopg

from .db import Server
from .diff import diff
from .errors import ForgeError
from .inspect import inspect_database
from .model import Database, Schema
from .order import order
from .render import render_statements

EMPTY = Database(schemas=(Schema("public"),))


def creation_statements(desired: Database) -> list[str]:
    """The SQL that creates ``desired`` in an empty database."""
    base = replace(EMPTY, schemas=tuple(s for s in EMPTY.schemas if s.name not in {x.name for x in desired.schemas}))
    return render_statements(order(diff(base, _with_public(desired))))


def _with_public(db: Database) -> Database:
    if any(s.name == "public" for s in db.schemas):
        return db
    return replace(db, schemas=(*db.schemas, Schema("public")))


def materialize(conn: psycopg.Connection, desired: Database) -> None:
    """Create ``desired`` through ``conn``; a failing statement becomes a readable error."""
    for stmt in creation_statements(desired):
        try:
            conn.execute(stmt)
        except psycopg.Error as exc:
            msg = exc.diag.message_primary or str(exc)
            raise ForgeError(
                f"PostgreSQL rejected the schema: {msg}",
                hint=f"while running:\n{stmt}" + (f"\n{exc.diag.message_hint}" if exc.diag.message_hint else ""),
            ) from None


def normalize(desired: Database, server: Server, schemas: list[str]) -> Database:
    """``desired`` as PostgreSQL itself stores it, with the YAML's rename hints carried over."""
    with server.scratch() as url, psycopg.connect(url) as conn:
        materialize(conn, desired)
        conn.commit()
        normalized = inspect_database(conn, schemas)
    return carry_hints(desired, normalized)


def carry_hints(source: Database, target: Database) -> Database:
    """Copy ``renamed_from`` hints (not part of any catalog) from ``source`` onto ``target``."""
    hinted = {(t.schema, t.name): t for t in source.tables}
    tables = []
    for t in target.tables:
        src = hinted.get((t.schema, t.name))
        if src is not None:
            col_hints = {c.name: c.renamed_from for c in src.columns if c.renamed_from}
            t = replace(
                t,
                renamed_from=src.renamed_from,
                columns=tuple(replace(c, renamed_from=col_hints.get(c.name)) for c in t.columns),
            )
        tables.append(t)
    return replace(target, tables=tuple(tables))
