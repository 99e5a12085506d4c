"""Applying and rolling back migrations, safely enough for several deploy nodes at once.

Every run holds a session-level advisory lock on one fixed key, so concurrent ``forge apply``
processes queue up and each migration is applied exactly once. A migration runs in its own
transaction together with the insert of its history row: it is either fully applied and
recorded, or not at all. ``-- +no-transaction`` migrations (``CREATE INDEX CONCURRENTLY``)
cannot be atomic; for them an invalid index left behind by a failure is dropped so the next
``forge apply`` simply retries.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from rich.markup import escape

from ..config import Config
from ..db import connect
from ..errors import ForgeError
from ..idents import unquote
from . import history
from .files import Migration, load_all, needs_no_transaction, next_version, split_statements
from .manifest import verify

LOCK_KEY = 0x5343484D46524745  # "SCHMFRGE": one fixed key for every schemaforge deploy


@contextlib.contextmanager
def advisory_lock(url: str, ui: Any) -> Iterator[psycopg.Connection]:
    """A dedicated autocommit session holding the deploy lock; waits (saying so) if it is taken."""
    with connect(url, autocommit=True, application_name="schemaforge apply") as conn:
        if not conn.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY]).fetchone()[0]:
            ui.info("waiting for another forge apply to finish...")
            conn.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            yield conn
        finally:
            with contextlib.suppress(psycopg.Error):
                if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                    conn.rollback()
                conn.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def _timeouts(conn: psycopg.Connection, config: Config, *, local: bool) -> None:
    conn.execute("SELECT set_config('lock_timeout', %s, %s), set_config('statement_timeout', %s, %s)",
                 [config.lock_timeout, local, config.statement_timeout, local])


def _pg_message(exc: psycopg.Error) -> str:
    diag = exc.diag
    msg = diag.message_primary or str(exc).strip()
    if diag.message_detail:
        msg += f" ({diag.message_detail})"
    return msg


# --- checks -------------------------------------------------------------------------------------


def verify_manifest(directory: Path) -> None:
    problems = verify(directory)
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise ForgeError(f"the migrations directory does not match schemaforge.sum:\n{lines}", hint=problems[0].hint)


@dataclass(frozen=True)
class State:
    """The files and the history side by side."""

    migrations: list[Migration]
    applied: dict[str, history.Applied]

    @property
    def by_version(self) -> dict[str, Migration]:
        return {m.version: m for m in self.migrations}

    @property
    def pending(self) -> list[Migration]:
        return [m for m in self.migrations if m.version not in self.applied]

    @property
    def modified(self) -> list[Migration]:
        return [m for m in self.migrations if m.version in self.applied and self.applied[m.version].checksum != m.checksum]

    @property
    def missing(self) -> list[history.Applied]:
        """Applied migrations whose file is gone (a saved plan's row never had one)."""
        files = self.by_version
        return [a for v, a in self.applied.items() if v not in files and not a.from_plan]


def check_history(state: State, *, allow_missing: bool) -> None:
    """Refuse when applied migrations were edited, or (unless allowed) deleted."""
    if state.modified:
        names = ", ".join(m.filename for m in state.modified)
        raise ForgeError(
            f"applied migration {names} was edited after it was applied (checksum differs from the history)",
            hint="applied migrations are immutable: restore the file from version control and put the change "
                 "in a new migration (`forge generate NAME`)",
        )
    if state.missing and not allow_missing:
        names = ", ".join(f"{a.version}_{a.name}.sql" for a in state.missing)
        raise ForgeError(
            f"applied migration {names} is missing from the migrations directory",
            hint="restore it from version control, or pass --allow-missing to apply the pending ones anyway "
                 "(`forge rollback` still works: it uses the down SQL recorded in the history)",
        )


def select_pending(state: State, to: str | None) -> list[Migration]:
    if to is not None and to not in state.by_version:
        raise ForgeError(f"--to {to}: no migration with that version", hint="see `forge status` for the versions")
    return [m for m in state.pending if to is None or m.version <= to]


# --- apply ----------------------------------------------------------------------------------------


def apply(config: Config, url: str, ui: Any, *, dry_run: bool = False, to: str | None = None,
          allow_missing: bool = False) -> list[Migration]:
    """Apply pending migrations in version order; return those applied (or, dry, to be applied)."""
    verify_manifest(config.migrations_dir)
    migrations = load_all(config.migrations_dir)
    for mig in migrations:
        if not mig.no_transaction and needs_no_transaction(mig.up):
            raise ForgeError(
                f"{mig.filename} has a statement that cannot run inside a transaction (e.g. CREATE INDEX "
                "CONCURRENTLY) but no `-- +no-transaction` directive",
                hint="add a `-- +no-transaction` line before `-- +up` (then `forge rehash`)",
            )
    if dry_run:
        with connect(url) as conn:
            state = State(migrations, history.read(conn, config.history_schema))
        check_history(state, allow_missing=allow_missing)
        todo = select_pending(state, to)
        for mig in todo:
            ui.out.print(f"-- {mig.filename}" + (" (no transaction)" if mig.no_transaction else ""), markup=False)
            for stmt in mig.up:
                ui.out.print(f"{stmt};", markup=False)
        return todo
    with advisory_lock(url, ui) as conn:
        history.ensure(conn, config.history_schema)
        state = State(migrations, history.read(conn, config.history_schema))
        check_history(state, allow_missing=allow_missing)
        todo = select_pending(state, to)
        latest = max(state.applied, default="")
        for mig in todo:
            if mig.version < latest:
                ui.info(f"[yellow]note:[/] {escape(mig.filename)} is older than the latest applied migration "
                        f"({latest}); applying it out of order")
            started = time.monotonic()
            if mig.no_transaction:
                _apply_no_transaction(conn, mig, config, ui)
            else:
                _with_lock_retries(lambda m=mig, s=started: _apply_transactional(conn, m, config, s), mig, config, ui)
            ms = int((time.monotonic() - started) * 1000)
            ui.info(f"  [green]✓[/] {escape(mig.filename)} [dim]({ms} ms)[/]")
        return todo


class _LockTimeout(Exception):
    """A statement waited longer than lock_timeout; the transaction was rolled back."""

    def __init__(self, error: ForgeError):
        self.error = error


def _with_lock_retries(run, mig: Migration, config: Config, ui: Any) -> None:
    """Run a migration; when it loses a lock race (lock_timeout), back off and try again.

    A short lock_timeout keeps a migration from queueing every other query behind its
    ACCESS EXCLUSIVE request; retrying makes that safe to use in deploys.
    """
    for attempt in range(config.lock_retries + 1):
        try:
            run()
            return
        except _LockTimeout as exc:
            if attempt == config.lock_retries:
                raise exc.error from None
            wait = min(2 ** attempt, 30)
            ui.info(f"  [yellow]![/] {escape(mig.filename)}: lock not acquired within {config.lock_timeout}; "
                    f"retrying in {wait} s ({attempt + 1}/{config.lock_retries})")
            time.sleep(wait)


def _failure(mig: Migration, index: int, exc: psycopg.Error, *, partial: bool) -> ForgeError:
    stmt = mig.up[index]
    line = mig.up_lines[index] if index < len(mig.up_lines) else 0
    state = ("statements before it were applied (no-transaction migration); nothing was recorded"
             if partial else "it was rolled back and nothing was recorded")
    return ForgeError(
        f"migration {mig.filename} failed at line {line}: {_pg_message(exc)}\n  {state}",
        hint=f"failing statement:\n{stmt}\nfix the migration, run `forge rehash`, then `forge apply` again",
    )


def _apply_transactional(conn: psycopg.Connection, mig: Migration, config: Config, started: float) -> None:
    index = 0
    try:
        with conn.transaction():
            _timeouts(conn, config, local=True)
            for index, stmt in enumerate(mig.up):  # noqa: B007 (index names the failing statement)
                conn.execute(stmt, prepare=False)
            history.record(conn, config.history_schema, version=mig.version, name=mig.name,
                           checksum=mig.checksum, up_sql=mig.up_sql, down_sql=mig.down_sql,
                           execution_ms=int((time.monotonic() - started) * 1000))
    except psycopg.errors.LockNotAvailable as exc:
        raise _LockTimeout(_failure(mig, index, exc, partial=False)) from None
    except psycopg.Error as exc:
        raise _failure(mig, index, exc, partial=False) from None


_CONCURRENT_INDEX = re.compile(
    r"^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    r'("(?:[^"]|"")+"|[\w$]+)\s+ON\s+(?:ONLY\s+)?((?:"(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[\w$]+))?)',
    re.IGNORECASE,
)


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


def _apply_no_transaction(conn: psycopg.Connection, mig: Migration, config: Config, ui: Any) -> None:
    started = time.monotonic()
    _timeouts(conn, config, local=False)
    try:
        for index, stmt in enumerate(mig.up):
            with contextlib.suppress(psycopg.Error):
                if name := drop_invalid_index(conn, stmt):
                    ui.info(f"  dropped invalid index {escape(name)} left by an earlier failed run")
            try:
                conn.execute(stmt, prepare=False)
            except psycopg.Error as exc:
                with contextlib.suppress(psycopg.Error):
                    if name := drop_invalid_index(conn, stmt):
                        ui.info(f"  dropped the invalid index {escape(name)} the failed statement left behind")
                raise _failure(mig, index, exc, partial=index > 0) from None
        with conn.transaction():
            history.record(conn, config.history_schema, version=mig.version, name=mig.name,
                           checksum=mig.checksum, up_sql=mig.up_sql, down_sql=mig.down_sql,
                           execution_ms=int((time.monotonic() - started) * 1000))
    finally:
        with contextlib.suppress(psycopg.Error):
            conn.execute("RESET lock_timeout")
            conn.execute("RESET statement_timeout")


# --- rollback -------------------------------------------------------------------------------------


def rollback(config: Config, url: str, ui: Any, *, steps: int | None = 1, to: str | None = None,
             dry_run: bool = False, allow_destructive: bool = False, fallback=None) -> list[history.Applied]:
    """Run the recorded down SQL of the latest migrations, newest first.

    Downs that would lose data (drop a table, column, sequence or materialized view, narrow a
    type) are refused unless ``allow_destructive``, naming that data.
    """
    from ..safety import require_consent_for_sql

    def choose(applied: dict[str, history.Applied]) -> list[history.Applied]:
        newest_first = sorted(applied.values(), key=lambda a: a.version, reverse=True)
        if to is not None:
            if to != "0" and to not in applied:
                raise ForgeError(f"--to {to}: no applied migration with that version",
                                 hint="see `forge status`; `--to 0` rolls back everything")
            return [a for a in newest_first if a.version > to]
        if steps is not None and steps < 1:
            raise ForgeError("--steps must be at least 1")
        return newest_first[: steps or 1]

    def consent(todo: list[history.Applied]) -> None:
        require_consent_for_sql(config, url, [s for a in todo for s in split_statements(a.down_sql)],
                                allow=allow_destructive, fallback=fallback,
                                what=f"rolling back {', '.join(f'{a.version}_{a.name}' for a in todo)}")

    if dry_run:
        with connect(url) as conn:
            todo = choose(history.read(conn, config.history_schema))
        for a in todo:
            ui.out.print(f"-- rollback {a.version}_{a.name}", markup=False)
            for stmt in split_statements(a.down_sql):
                ui.out.print(f"{stmt};", markup=False)
        try:
            consent(todo)
        except ForgeError as refused:  # a dry run says so, and what, but changes nothing either way
            ui.info(f"[yellow]![/] {escape(refused.message)}\n  without --allow-destructive it would be refused")
        return todo
    with advisory_lock(url, ui) as conn:
        todo = choose(history.read(conn, config.history_schema))
        empty = [f"{a.version}_{a.name}" for a in todo if not split_statements(a.down_sql)]
        if empty:
            raise ForgeError(f"migration {', '.join(empty)} has no down SQL recorded: cannot roll it back",
                             hint="write a new migration that undoes it instead")
        consent(todo)
        for a in todo:
            started = time.monotonic()
            _rollback_one(conn, a, config)
            ui.info(f"  [green]↩[/] {escape(a.version)}_{escape(a.name)} rolled back "
                    f"[dim]({int((time.monotonic() - started) * 1000)} ms)[/]")
        return todo


def _rollback_one(conn: psycopg.Connection, a: history.Applied, config: Config) -> None:
    stmts = split_statements(a.down_sql)
    stmt = ""
    try:
        if needs_no_transaction(stmts):
            _timeouts(conn, config, local=False)
            for stmt in stmts:
                conn.execute(stmt, prepare=False)
            with conn.transaction():
                history.delete(conn, config.history_schema, a.version)
            conn.execute("RESET lock_timeout")
            conn.execute("RESET statement_timeout")
            return
        with conn.transaction():
            _timeouts(conn, config, local=True)
            for stmt in stmts:
                conn.execute(stmt, prepare=False)
            history.delete(conn, config.history_schema, a.version)
    except psycopg.Error as exc:
        raise ForgeError(
            f"rollback of {a.version}_{a.name} failed: {_pg_message(exc)}; it was not rolled back",
            hint=f"failing statement:\n{stmt}",
        ) from None


# --- saved plans and replays ----------------------------------------------------------------------


def apply_plan_file(config: Config, url: str, doc: dict, schemas: list[str], ui: Any, *, name: str,
                    checksum: str, allow_destructive: bool = False, fallback=None) -> tuple[int, str | None]:
    """Run a saved plan's up statements in one transaction if the database has not moved on.

    The plan passes the same destructive-change gate as ``sync`` and ``generate``, and is
    recorded in the history like a migration (kind ``plan``, with its down SQL), so ``status``
    sees no drift afterwards and ``rollback`` can undo it. Returns (statements, version recorded).
    """
    from ..output import script
    from ..planner import fingerprint, inspect_target
    from ..safety import require_consent_for_sql

    up, down = list(doc.get("up", [])), list(doc.get("down", []))
    if not up:
        return 0, None  # nothing ran: nothing to record (nor to roll back)
    with advisory_lock(url, ui) as conn:
        current = fingerprint(inspect_target(url, schemas, config))
        if current != doc.get("fingerprint"):
            raise ForgeError(
                "the database changed since this plan was made (schema fingerprint "
                f"{current} != {doc.get('fingerprint')}): refusing to apply it",
                hint="make a new plan with `forge plan --out FILE`, review it, and apply that",
            )
        require_consent_for_sql(config, url, up, allow=allow_destructive, what=f"the plan in {name}",
                                fallback=fallback)
        history.ensure(conn, config.history_schema)
        applied = history.read(conn, config.history_schema)
        version = _plan_version(config, applied)
        started = time.monotonic()
        stmt = ""
        try:
            with conn.transaction():
                _timeouts(conn, config, local=True)
                for stmt in up:
                    conn.execute(stmt, prepare=False)
                history.record(conn, config.history_schema, version=version, name=name, checksum=checksum,
                               up_sql=script(up), down_sql=script(down), kind="plan",
                               execution_ms=int((time.monotonic() - started) * 1000))
        except psycopg.Error as exc:
            raise ForgeError(f"applying the plan failed, nothing was changed: {_pg_message(exc)}",
                             hint=f"failing statement:\n{stmt}") from None
        return len(up), version


def _plan_version(config: Config, applied: dict[str, history.Applied]) -> str:
    """The current UTC second, after every migration file and every applied version."""
    version, latest = next_version(config.migrations_dir), max(applied, default="")
    if version <= latest:
        t = datetime.strptime(latest, "%Y%m%d%H%M%S").replace(tzinfo=UTC) + timedelta(seconds=1)
        version = t.strftime("%Y%m%d%H%M%S")
    return version


def replay(url: str, migrations: list[tuple[str, list[str]]]) -> None:
    """Run (label, up statements) in order on a scratch database; any failure names the migration."""
    with connect(url, autocommit=True) as conn:
        for label, stmts in migrations:
            stmt = ""
            try:
                if needs_no_transaction(stmts):
                    for stmt in stmts:
                        conn.execute(stmt, prepare=False)
                else:
                    with conn.transaction():
                        for stmt in stmts:
                            conn.execute(stmt, prepare=False)
            except psycopg.Error as exc:
                raise ForgeError(f"migration {label} fails when replayed on an empty database: {_pg_message(exc)}",
                                 hint=f"failing statement:\n{stmt}") from None
