"""Running the checks: read-only, bounded in time, never a lock beyond ACCESS SHARE.

Each check runs in a transaction of its own, ``READ ONLY``, with a ``statement_timeout``
(:data:`DEFAULT_TIMEOUT_MS`, configurable) and a short ``lock_timeout``: a check that runs out
of time says so and is not a failure. The checks have a connection of their own, in autocommit
and read-only by default, with the timeouts set for the session: each check is one statement,
one round trip (a transaction each with its own settings took four). A check whose table or
columns do not exist yet (created by the same migration, so empty) is not run.
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

# the columns of every table the checks name, in one query (a table not there yet has none)
_COLUMNS = """
SELECT w.name, a.attname, t.typcategory, format_type(a.atttypid, a.atttypmod)
FROM unnest(%s::text[]) AS w(name)
JOIN pg_attribute a ON a.attrelid = to_regclass(w.name) AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
"""

# the size of every table a statement scans or rewrites, in one query (one not there yet: no row)
_SIZES = """
SELECT w.name, c.reltuples::float8, pg_total_relation_size(c.oid)
FROM unnest(%s::text[]) AS w(name) JOIN pg_class c ON c.oid = to_regclass(w.name)
"""


def run(url: str, statements: Sequence[str], *, owners: Sequence[int] | None = None,
        timeout_ms: int = DEFAULT_TIMEOUT_MS, sizes: bool = True) -> Preflight:
    """Check the data ``statements`` would meet. ``owners[i]``: the change of statement ``i``."""
    todo = specs(list(statements))
    wanted = [(i, s) for i, s in enumerate(statements) if sizes and _scans(s)]
    if not todo and not wanted:
        return Preflight()
    with connect(url, autocommit=True, application_name="schemaforge preflight") as conn:
        version = conn.info.server_version
        found = []
        if todo:  # (sizes alone: _sizes sets the connection up itself)
            _read_only(conn, DEFAULT_TIMEOUT_MS)
            columns = _columns(conn, [t for spec in todo for t in (spec.table, spec.ref_table) if t is not None])
            if timeout_ms != DEFAULT_TIMEOUT_MS:
                _read_only(conn, timeout_ms)
            found = [f for spec in todo if (f := _check(conn, spec, columns, version, owners, timeout_ms)) is not None]
        measured = _sizes(conn, wanted, owners)
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
    """The checks' connection (autocommit, theirs alone) read-only, and its statements' timeouts,
    for the session, in one round trip: every statement after it is a read-only transaction."""
    # the lock timeout under the statement's own, so a lock wait is told apart from a slow scan
    lock_ms = max(1, min(int(timeout_ms) // 2, LOCK_TIMEOUT_MS))
    conn.execute("SELECT set_config('default_transaction_read_only', 'on', false), "
                 "set_config('statement_timeout', %s, false), set_config('lock_timeout', %s, false)",
                 (str(int(timeout_ms)), str(lock_ms)))


def _columns(conn: psycopg.Connection, tables: list) -> dict[str, dict[str, queries.Column]]:
    """Table (as :func:`qq` spells it) → its columns; the catalog only: fast, whatever the
    checks' own timeout."""
    names = sorted({qq(t) for t in tables})
    out: dict[str, dict[str, queries.Column]] = {name: {} for name in names}
    if not names:
        return out
    for name, column, category, type_ in conn.execute(_COLUMNS, (names,)).fetchall():
        out[name][column] = queries.Column(category, type_)
    return out


def _check(conn: psycopg.Connection, spec: Spec, columns: dict, version: int, owners,
           timeout_ms: int) -> Finding | None:
    cols = columns[qq(spec.table)]
    missing = not cols or any(c not in cols for c in spec.columns)
    if spec.ref_table is not None and not missing:
        ref = columns[qq(spec.ref_table)]
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


def _sizes(conn: psycopg.Connection, wanted: list[tuple[int, str]], owners) -> list[TableSize]:
    """The size of the table each statement in ``wanted`` (index, statement) scans or rewrites."""
    targets = [(i, table, lock) for i, s in wanted
               if (table := target_table(s)) is not None and (lock := _lock(s)) is not None]
    if not targets:
        return []
    _read_only(conn, LOCK_TIMEOUT_MS)
    rows = {name: (tuples, size) for name, tuples, size
            in conn.execute(_SIZES, (sorted({qq(t) for _, t, _ in targets}),)).fetchall()}
    out = []
    for i, table, lock in targets:
        if (row := rows.get(qq(table))) is not None:
            out.append(TableSize(i, _owner(owners, i), str(table), lock.marker(), None if row[0] < 0 else int(row[0]),
                                 int(row[1])))
    return out
