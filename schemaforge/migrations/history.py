"""The history table ``<history_schema>.migrations``: what was applied, when, by whom, and how.

The up and down SQL are stored as applied, so a rollback runs exactly what undoes the
database's state even when the file was since edited or deleted. The table is created on first
use; callers hold the advisory lock while doing so, so racing deploys do not trip over each
other's ``CREATE``.

``kind`` says where a row came from: ``migration`` (a file in the migrations directory) or
``plan`` (a saved plan run by ``forge apply PLANFILE``, which has no file to go missing).
Tables made before the column existed get it on the next ``ensure``; until then every row
reads as a migration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg import sql


@dataclass(frozen=True)
class Applied:
    version: str
    name: str
    checksum: str
    up_sql: str
    down_sql: str
    applied_at: datetime
    execution_ms: int | None
    applied_by: str
    kind: str = "migration"  # migration | plan

    @property
    def from_plan(self) -> bool:
        return self.kind == "plan"


def _table(schema: str) -> sql.Composed:
    return sql.SQL("{}.migrations").format(sql.Identifier(schema))


def exists(conn: psycopg.Connection, schema: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s)", [sql.Identifier(schema).as_string(conn) + ".migrations"]).fetchone()
    return row is not None and row[0] is not None


def ensure(conn: psycopg.Connection, schema: str) -> None:
    """Create the schema and table if needed (idempotent; call under the advisory lock)."""
    with conn.transaction():
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        conn.execute(sql.SQL(
            """CREATE TABLE IF NOT EXISTS {} (
                version text PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                up_sql text NOT NULL,
                down_sql text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                execution_ms integer,
                applied_by text NOT NULL DEFAULT current_user,
                kind text NOT NULL DEFAULT 'migration'
            )"""
        ).format(_table(schema)))
        if not _has_kind(conn, schema):  # a table made by an earlier version
            conn.execute(sql.SQL("ALTER TABLE {} ADD COLUMN kind text NOT NULL DEFAULT 'migration'").format(
                _table(schema)))


def _has_kind(conn: psycopg.Connection, schema: str) -> bool:
    return conn.execute(
        "SELECT EXISTS (SELECT FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attname = 'kind' "
        "AND NOT attisdropped)",
        [sql.Identifier(schema).as_string(conn) + ".migrations"],
    ).fetchone()[0]


def read(conn: psycopg.Connection, schema: str) -> dict[str, Applied]:
    """Applied migrations by version (empty when the table does not exist yet)."""
    if not exists(conn, schema):
        return {}
    kind = sql.SQL("kind" if _has_kind(conn, schema) else "'migration'")
    rows = conn.execute(sql.SQL(
        "SELECT version, name, checksum, up_sql, down_sql, applied_at, execution_ms, applied_by, {} "
        "FROM {} ORDER BY version").format(kind, _table(schema))).fetchall()
    return {r[0]: Applied(*r) for r in rows}


def record(conn: psycopg.Connection, schema: str, *, version: str, name: str, checksum: str,
           up_sql: str, down_sql: str, execution_ms: int, kind: str = "migration") -> None:
    conn.execute(
        sql.SQL("INSERT INTO {} (version, name, checksum, up_sql, down_sql, execution_ms, kind) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)").format(_table(schema)),
        [version, name, checksum, up_sql, down_sql, execution_ms, kind],
    )


def delete(conn: psycopg.Connection, schema: str, version: str) -> None:
    conn.execute(sql.SQL("DELETE FROM {} WHERE version = %s").format(_table(schema)), [version])
