"""Running the checks: read-only, bounded in time, never a lock beyond ACCESS SHARE.

Each check runs in a transaction of its own, ``READ ONLY``, with a ``statement_timeout``
(:data:`DEFAULT_TIMEOUT_MS`, configurable) and a short ``lock_timeout``: a check that runs out
of time says so and is not a failure. A check whose table or columns do not exist yet (created
by the same migration, so empty) is not run.
"""

from __future__ import annotations

from collections.abc import Sequence

import psycopg

from ..database.session import connect
from ..idents import qualified_name as qq
from . import queries
from .findings import CLEAR, FOUND, NOT_CHECKED, TIMED_OUT, Finding, Preflight, TableSize
from .statements import Spec, specs, target_table

DEFAULT_TIMEOUT_MS = 5000
LOCK_TIMEOUT_MS = 1000

_COLUMN = """
SELECT a.attname, t.typcategory, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
WHERE a.attrelid = to_regclass(%s) AND a.attnum > 0 AND NOT a.attisdropped
"""

_SIZE = "SELECT c.reltuples::float8, pg_total_relation_size(c.oid) FROM pg_class c WHERE c.oid = to_regclass(%s)"


def run(url: str, statements: Sequence[str], *, owners: Sequence[int] | None = None,
        timeout_ms: int = DEFAULT_TIMEOUT_MS, sizes: bool = True) -> Preflight:
    """Check the data ``statements`` would meet. ``owners[i]``: the change of statement ``i``."""
    todo = specs(list(statements))
    wanted = [(i, s) for i, s in enumerate(statements) if sizes and _scans(s)]
    if not todo and not wanted:
        return Preflight()
    with connect(url, autocommit=True, application_name="schemaforge preflight") as conn:
        version = conn.info.server_version
        found = [f for spec in todo if (f := _check(conn, spec, version, owners, timeout_ms)) is not None]
        measured = [m for i, s in wanted if (m := _size(conn, i, s, owners)) is not None]
    return Preflight(tuple(found), tuple(measured))


def for_plan(url: str, changes: Sequence, up: Sequence[str], *, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> Preflight:
    """The checks of a plan's up statements, each finding tied to its change (the up statements
    are the changes' statements in order, whatever steps hold them)."""
    from ..render import render_change

    owners: list[int] | None = [i for i, c in enumerate(changes) for _ in render_change(c)]
    if owners is not None and len(owners) != len(up):
        owners = None
    return run(url, up, owners=owners, timeout_ms=timeout_ms)


def _owner(owners: Sequence[int] | None, statement: int) -> int | None:
    return owners[statement] if owners is not None and statement < len(owners) else None


def _read_only(conn: psycopg.Connection, timeout_ms: int):
    conn.execute("SET TRANSACTION READ ONLY")
    conn.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
    # under the statement's own timeout, so a lock wait is told apart from a slow scan
    conn.execute(f"SET LOCAL lock_timeout = {max(1, min(int(timeout_ms) // 2, LOCK_TIMEOUT_MS))}")


def _columns(conn: psycopg.Connection, table) -> dict[str, queries.Column]:
    rows = conn.execute(_COLUMN, (qq(table),)).fetchall()
    return {name: queries.Column(category, type_) for name, category, type_ in rows}


def _check(conn: psycopg.Connection, spec: Spec, version: int, owners, timeout_ms: int) -> Finding | None:
    with conn.transaction():  # the catalog only: fast, whatever the check's own timeout
        _read_only(conn, DEFAULT_TIMEOUT_MS)
        cols = _columns(conn, spec.table)
        missing = not cols or any(c not in cols for c in spec.columns)
        if spec.ref_table is not None and not missing:
            ref = _columns(conn, spec.ref_table)
            missing = not ref or any(c not in ref for c in spec.ref_columns)
    if missing:
        return None  # created by these very statements: no rows yet
    if spec.after_data_change is not None:
        return Finding(spec.statement, _owner(owners, spec.statement), spec.kind, str(spec.table), NOT_CHECKED, None,
                       "", queries.describe(spec), f"statement {spec.after_data_change + 1} changes rows first")
    query = queries.build(spec, cols.get(spec.columns[0]), version)
    owner, table = _owner(owners, spec.statement), str(spec.table)
    if query is None and spec.kind == "rounded":
        return None  # only a numeric source is rounded
    if query is None:
        col = cols[spec.columns[0]]
        return Finding(spec.statement, owner, spec.kind, table, NOT_CHECKED, None, "", queries.describe(spec),
                       f"no check for {col.type} to this type on PostgreSQL {version // 10000}")
    try:
        with conn.transaction():
            _read_only(conn, timeout_ms)
            count = conn.execute(query.count, prepare=False).fetchone()[0]
    except psycopg.errors.QueryCanceled:
        return Finding(spec.statement, owner, spec.kind, table, TIMED_OUT, None, query.sample, query.what,
                       f"statement_timeout of {timeout_ms} ms reached")
    except psycopg.errors.LockNotAvailable:
        return Finding(spec.statement, owner, spec.kind, table, TIMED_OUT, None, query.sample, query.what,
                       "another session holds a lock that blocks reading the table")
    except psycopg.Error as exc:
        reason = (exc.diag.message_primary or str(exc)).strip()
        return Finding(spec.statement, owner, spec.kind, table, NOT_CHECKED, None, query.sample, query.what, reason)
    return Finding(spec.statement, owner, spec.kind, table, FOUND if count else CLEAR, int(count), query.sample,
                   query.what)


def _lock(statement: str):
    """The lock a rendered statement is tagged with; None for one read from a file (no tag),
    without importing the renderer for it (``forge apply`` reads files)."""
    if getattr(statement, "kind", None) is None:
        return None
    from ..render.locks import statement_lock

    return statement_lock(statement)


def _scans(statement: str) -> bool:
    lock = _lock(statement)
    return lock is not None and lock.level != "none" and (lock.scans or lock.rewrites)


def _size(conn: psycopg.Connection, index: int, statement: str, owners) -> TableSize | None:
    table = target_table(statement)
    lock = _lock(statement)
    if table is None or lock is None:
        return None
    with conn.transaction():
        _read_only(conn, LOCK_TIMEOUT_MS)
        row = conn.execute(_SIZE, (qq(table),)).fetchone()
    if row is None:
        return None
    rows = None if row[0] < 0 else int(row[0])
    return TableSize(index, _owner(owners, index), str(table), lock.marker(), rows, int(row[1]))
