"""What a killed or failed concurrent index statement leaves, and how a resumed run copes.

``CREATE INDEX CONCURRENTLY`` commits its catalog entry before it builds: a failed or killed
build leaves an INVALID index that must be dropped before the statement can run again, and a
run killed after the build finished but before its progress was recorded leaves a valid one
that must not be built twice.
"""

from __future__ import annotations

import contextlib
import re

import psycopg

from ..idents import unquote

_NAME = r'(?:"(?:[^"]|"")+"|[\w$]+)'
_CONCURRENT_INDEX = re.compile(
    r"^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    rf"({_NAME})\s+ON\s+(?:ONLY\s+)?({_NAME}(?:\s*\.\s*{_NAME})?)",
    re.IGNORECASE,
)
# the second statement of a key built online: attaching the concurrently built index
_USING_INDEX = re.compile(
    rf"^\s*ALTER\s+TABLE\s+(?:ONLY\s+)?({_NAME}(?:\s*\.\s*{_NAME})?)\s+ADD\s+CONSTRAINT\s+({_NAME})\s+"
    rf"(?:UNIQUE|PRIMARY\s+KEY)\s+USING\s+INDEX\b", re.IGNORECASE)
_DROP_CONCURRENT_INDEX = re.compile(
    rf"^\s*DROP\s+INDEX\s+CONCURRENTLY\s+(?:IF\s+EXISTS\s+)?({_NAME}(?:\s*\.\s*{_NAME})?)\s*$", re.IGNORECASE)


def drop_invalid_index(conn: psycopg.Connection, stmt: str) -> str | None:
    """Drop the INVALID index a failed ``CREATE INDEX CONCURRENTLY`` leaves behind; return its name."""
    m = _CONCURRENT_INDEX.match(stmt)
    if not m:
        return None
    row = conn.execute(
        "SELECT format('%%I.%%I', n.nspname, c.relname) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE NOT i.indisvalid AND i.indrelid = to_regclass(%s) AND c.relname = %s",
        [m.group(2), unquote(m.group(1))],
    ).fetchone()
    if row is None:
        return None
    conn.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {row[0]}")
    return row[0]


def already_done(conn: psycopg.Connection, stmt: str) -> str | None:
    """Whether a statement of a no-transaction step that a killed run may have finished is in
    effect already.

    A run killed after ``CREATE INDEX CONCURRENTLY`` (or a key's ``ADD CONSTRAINT ... USING
    INDEX``, or ``DROP INDEX CONCURRENTLY``) finished but before its progress was recorded
    leaves it done; running the statement again would fail on it.
    """
    with contextlib.suppress(psycopg.Error):
        if m := _CONCURRENT_INDEX.match(stmt):
            row = conn.execute(
                "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = to_regclass(%s) AND c.relname = %s", [m.group(2), unquote(m.group(1))]).fetchone()
            if row is not None and row[0]:
                return f"index {unquote(m.group(1))} exists and is valid"
        elif (m := _USING_INDEX.match(stmt)) and conn.execute(
                "SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(%s) AND conname = %s",
                [m.group(1), unquote(m.group(2))]).fetchone():
            return f"constraint {unquote(m.group(2))} is attached"
        elif (m := _DROP_CONCURRENT_INDEX.match(stmt)) and conn.execute(
                "SELECT to_regclass(%s)", [m.group(1)]).fetchone()[0] is None:
            return f"index {m.group(1)} is gone"
    return None
