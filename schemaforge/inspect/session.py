"""The catalog snapshot: one rolled-back transaction with pinned output settings, the
helpers that send catalog queries through it, and the choice of schemas to read."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import tuple_row

from .queries import SCHEMAS_SQL

# Settings that change how catalog functions print text. Pinned so that the same schema
# always reads back as the same text, whatever the caller's session looks like.
_SESSION_SETTINGS = (
    ("search_path", "pg_catalog"),
    ("DateStyle", "ISO, MDY"),
    ("IntervalStyle", "postgres"),
    ("TimeZone", "UTC"),
    ("extra_float_digits", "1"),
    ("bytea_output", "hex"),
    ("quote_all_identifiers", "off"),
)


def top_level(conn: psycopg.Connection) -> bool:
    """Whether ``conn`` is outside any transaction (the read then opens its own)."""
    return conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


@contextlib.contextmanager
def catalog_session(conn: psycopg.Connection, snapshot: str | None = None,
                    probe: list | None = None) -> Iterator[None]:
    """Run the catalog queries in a rolled-back transaction with pinned output settings.

    Top level: a READ ONLY, REPEATABLE READ transaction, so every query sees the same
    snapshot even under concurrent DDL; with ``snapshot`` (what ``pg_export_snapshot()``
    returned in another session), the very snapshot that session reads. Inside a caller's
    transaction: a savepoint (the isolation level cannot change there). Either way it is
    rolled back at the end, which undoes the ``SET LOCAL``\\s and leaves the connection exactly
    as it was — also when a query fails, the error propagates but the connection is usable again.
    ``probe``: filled, from the statement that takes the snapshot, with where the server stands
    then — in recovery, its start time, its WAL insert position (None in recovery); for a role
    that may call ``pg_current_wal_insert_lsn()`` (see :mod:`schemaforge.catalog_cache`).
    """
    at_top = top_level(conn)
    with conn.transaction(force_rollback=True):
        cur = conn.cursor(row_factory=tuple_row)
        if at_top:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            if snapshot is not None:
                cur.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(snapshot)))
        cur.execute(
            "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in _SESSION_SETTINGS)
            + ("" if probe is None else _PROBE),
            [v for pair in _SESSION_SETTINGS for v in pair],
        )
        if probe is not None:
            probe[:] = cur.fetchone()[len(_SESSION_SETTINGS):]
        yield


_PROBE = (", pg_catalog.pg_is_in_recovery(), pg_catalog.pg_postmaster_start_time()::text,"
          " CASE WHEN pg_catalog.pg_is_in_recovery() THEN NULL ELSE pg_catalog.pg_current_wal_insert_lsn()::text END")


class SnapshotRefused(Exception):
    """The server would not export the read's snapshot; the transaction is aborted."""


def export_snapshot(conn: psycopg.Connection) -> str:
    """This transaction's snapshot, for another session to read (not from a savepoint:
    PostgreSQL exports only a top-level transaction's snapshot)."""
    try:
        return fetch(conn, "SELECT pg_export_snapshot()")[0][0]
    except psycopg.Error as exc:
        raise SnapshotRefused(str(exc)) from exc


def fetch(conn: psycopg.Connection, query: str, params: Sequence[Any] | None = None) -> list[tuple]:
    """One catalog query; tuples whatever row factory the caller's connection uses."""
    return conn.cursor(row_factory=tuple_row).execute(query, params).fetchall()


def fetch_many(conn: psycopg.Connection, queries: Sequence[str], params: dict[str, Any]) -> list[list[tuple]]:
    """Several catalog queries in one pipeline: sent back to back, the server works through
    them while the client is still converting earlier results, one network round trip."""
    if not psycopg.Pipeline.is_supported():  # libpq < 14
        return [fetch(conn, q, params) for q in queries]
    with conn.pipeline():
        cursors = [conn.cursor(row_factory=tuple_row) for _ in queries]
        for cur, q in zip(cursors, queries, strict=True):
            cur.execute(q, params)
    return [cur.fetchall() for cur in cursors]



def schema_oids(
    conn: psycopg.Connection, schemas: Sequence[str] | None, exclude: Sequence[str]
) -> list[tuple[int, str, str | None]]:
    """(oid, name, comment) of the schemas to inspect.

    System schemas and ``exclude`` are always left out, also when listed explicitly: the
    tool's own bookkeeping schema is never part of a user's model. Schemas created by an
    extension script are left out too.
    """
    wanted = None if schemas is None else list(schemas)
    return fetch(conn, SCHEMAS_SQL, [list(exclude), wanted, wanted])
