"""The history table ``<history_schema>.migrations``: what was applied, when, by whom, and how.

The up and down SQL are stored as applied, so a rollback runs exactly what undoes the
database's state even when the file was since edited or deleted. The table is created on first
use; callers hold the advisory lock while doing so, so racing deploys do not trip over each
other's ``CREATE``.

``kind`` says where a row came from: ``migration`` (a file in the migrations directory),
``baseline`` (a baseline file, from ``forge baseline`` or ``forge squash``; recorded without
running by ``forge baseline``, whose row has no execution time) or
``plan`` (a saved plan run by ``forge apply PLANFILE``, which has no file to go missing).
Tables made before the column existed get it on the next ``ensure``; until then every row
reads as a migration.

A migration gets its row when its last step is done. ``<history_schema>.migration_progress``
holds the one migration that is part-way: a step that failed or a run that was killed after
some steps committed (``direction`` ``up``), or a rollback that stopped part-way (``down``).
It names how many steps (and, inside a step run without a transaction, statements) are done,
and keeps the SQL it is running, so the next ``forge apply`` (or ``forge rollback``) resumes
exactly there. The row goes in the same transaction that records or deletes the history row.
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
    kind: str = "migration"  # migration | plan | baseline (recorded by forge baseline without running)

    @property
    def from_plan(self) -> bool:
        return self.kind == "plan"


@dataclass(frozen=True)
class Progress:
    """A migration part-way applied (``up``) or rolled back (``down``)."""

    version: str
    name: str
    kind: str
    checksum: str
    direction: str  # up | down
    steps_done: int  # steps of that direction's section that are done
    statements_done: int  # statements done in the next step (only a no-transaction step stops inside)
    total_steps: int
    up_sql: str
    down_sql: str
    updated_at: datetime


def _table(schema: str) -> sql.Composed:
    return sql.SQL("{}.migrations").format(sql.Identifier(schema))


def _progress_table(schema: str) -> sql.Composed:
    return sql.SQL("{}.migration_progress").format(sql.Identifier(schema))


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
        conn.execute(sql.SQL(
            """CREATE TABLE IF NOT EXISTS {} (
                version text PRIMARY KEY,
                name text NOT NULL,
                kind text NOT NULL,
                checksum text NOT NULL,
                direction text NOT NULL CHECK (direction IN ('up', 'down')),
                steps_done integer NOT NULL,
                statements_done integer NOT NULL,
                total_steps integer NOT NULL,
                up_sql text NOT NULL,
                down_sql text NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now()
            )"""
        ).format(_progress_table(schema)))


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
           up_sql: str, down_sql: str, execution_ms: int | None, kind: str = "migration") -> None:
    conn.execute(
        sql.SQL("INSERT INTO {} (version, name, checksum, up_sql, down_sql, execution_ms, kind) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)").format(_table(schema)),
        [version, name, checksum, up_sql, down_sql, execution_ms, kind],
    )


def delete(conn: psycopg.Connection, schema: str, version: str) -> None:
    conn.execute(sql.SQL("DELETE FROM {} WHERE version = %s").format(_table(schema)), [version])


# --- migrations part-way ---------------------------------------------------------------------------


def read_progress(conn: psycopg.Connection, schema: str) -> dict[str, Progress]:
    """Migrations part-way by version (empty when the table does not exist yet)."""
    found = conn.execute("SELECT to_regclass(%s)",
                         [sql.Identifier(schema).as_string(conn) + ".migration_progress"]).fetchone()
    if found is None or found[0] is None:
        return {}
    rows = conn.execute(sql.SQL(
        "SELECT version, name, kind, checksum, direction, steps_done, statements_done, total_steps, up_sql, "
        "down_sql, updated_at FROM {} ORDER BY version").format(_progress_table(schema))).fetchall()
    return {r[0]: Progress(*r) for r in rows}


def save_progress(conn: psycopg.Connection, schema: str, *, version: str, name: str, kind: str, checksum: str,
                  direction: str, steps_done: int, statements_done: int, total_steps: int,
                  up_sql: str, down_sql: str) -> None:
    conn.execute(
        sql.SQL("INSERT INTO {} (version, name, kind, checksum, direction, steps_done, statements_done, total_steps, "
                "up_sql, down_sql) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (version) DO UPDATE "
                "SET name = excluded.name, kind = excluded.kind, checksum = excluded.checksum, "
                "direction = excluded.direction, steps_done = excluded.steps_done, "
                "statements_done = excluded.statements_done, total_steps = excluded.total_steps, "
                "up_sql = excluded.up_sql, down_sql = excluded.down_sql, updated_at = now()"
                ).format(_progress_table(schema)),
        [version, name, kind, checksum, direction, steps_done, statements_done, total_steps, up_sql, down_sql],
    )


def delete_progress(conn: psycopg.Connection, schema: str, version: str) -> None:
    conn.execute(sql.SQL("DELETE FROM {} WHERE version = %s").format(_progress_table(schema)), [version])
