"""Applying and rolling back migrations, safely enough for several deploy nodes at once.

Every run holds a session-level advisory lock on one fixed key, so concurrent ``forge apply``
processes queue up and each migration is applied exactly once.

A migration is a list of steps (:mod:`.files`). A step that runs in a transaction commits
together with the record of how far the migration got (``migration_progress``) or, for its
last step, with the migration's history row. A step without a transaction (``CREATE INDEX
CONCURRENTLY``) runs statement by statement, each followed by its progress record. So a
migration is in the history exactly when all its steps are done, and one that stopped part-way
(a failed step, a killed run) is resumed by the next ``forge apply`` at the step, or the
statement, where it stopped. An index that a failed or killed concurrent build left INVALID is
dropped and built again; a valid one the killed run built but could not record is kept. A
migration of one transactional step, the common case, is all or nothing, as it always was.
``forge rollback`` runs the down steps the same way and deletes the history row with the last.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from rich.markup import escape

from ..config import Config
from ..database.session import connect
from ..errors import ForgeError
from ..idents import unquote
from . import history
from .files import (
    Migration,
    Step,
    flatten,
    load_all,
    needs_no_transaction,
    next_version,
    recorded_steps,
    render_section,
)
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
    progress: dict[str, history.Progress] = field(default_factory=dict)  # part-way, by version

    @property
    def by_version(self) -> dict[str, Migration]:
        return {m.version: m for m in self.migrations}

    @property
    def pending(self) -> list[Migration]:
        """Not in the history: not applied, or part-way."""
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


# --- one migration, either way -------------------------------------------------------------------

Position = tuple[int, int]  # (steps done, statements done in the next step)
START: Position = (0, 0)


@dataclass(frozen=True)
class Unit:
    """One migration to run up or down: from a file, a history or progress row, or a saved plan."""

    version: str
    name: str
    label: str  # what messages call it
    checksum: str
    kind: str  # migration | plan
    up_sql: str  # as recorded in the history
    down_sql: str
    up: tuple[Step, ...]
    down: tuple[Step, ...]

    @classmethod
    def of_file(cls, mig: Migration) -> Unit:
        return cls(mig.version, mig.name, mig.filename, mig.checksum, "migration", mig.up_sql, mig.down_sql,
                   mig.up_steps, mig.down_steps)

    @classmethod
    def of_record(cls, r: history.Applied | history.Progress) -> Unit:
        def steps(text: str) -> tuple[Step, ...]:  # lines of recorded SQL are not file lines: dropped
            return tuple(Step(s.transaction, s.statements) for s in recorded_steps(text))

        return cls(r.version, r.name, f"{r.version}_{r.name}", r.checksum, r.kind, r.up_sql, r.down_sql,
                   steps(r.up_sql), steps(r.down_sql))

    def steps(self, direction: str) -> tuple[Step, ...]:
        return self.up if direction == "up" else self.down

    @property
    def what(self) -> str:
        return f"the plan {self.label}" if self.kind == "plan" else f"migration {self.label}"


def remaining(steps: Sequence[Step], start: Position) -> list[Step]:
    """The steps (and statements) still to run from ``start``."""
    k, j = start
    rest = list(steps[k:])
    if rest and j:
        rest[0] = Step(rest[0].transaction, rest[0].statements[j:], rest[0].lines[j:])
    return rest


def done(steps: Sequence[Step], position: Position) -> list[Step]:
    """The steps (and statements) already run at ``position``."""
    k, j = position
    out = list(steps[:k])
    if j and k < len(steps):
        out.append(Step(steps[k].transaction, steps[k].statements[:j]))
    return out


def describe_progress(p: history.Progress) -> str:
    """``partially applied: step 1 of 2 done`` and the like."""
    what = "partially applied" if p.direction == "up" else "partially rolled back"
    of = " of its down section" if p.direction == "down" else ""
    text = f"{what}: step {p.steps_done} of {p.total_steps}{of} done" if p.steps_done else f"{what}: no step{of} done"
    if p.statements_done:
        text += f", step {p.steps_done + 1} stopped after {p.statements_done} statement(s)"
    return text


def resume_hint(p: history.Progress) -> str:
    if p.direction == "down":
        return "resume it with `forge rollback`"
    if p.kind == "plan":
        return f"resume it with `forge apply {p.name}`, or undo the applied steps with `forge rollback`"
    return "resume it with `forge apply`, or undo the applied steps with `forge rollback`"


class _Run:
    """Runs one direction of a unit from a position, recording progress as it goes."""

    def __init__(self, conn: psycopg.Connection, config: Config, ui: Any, unit: Unit, direction: str,
                 before: history.Progress | None = None):
        self.conn, self.config, self.ui, self.unit, self.direction = conn, config, ui, unit, direction
        self.before = before  # the unit's progress row when this run started, if it was part-way
        self.steps = unit.steps(direction)
        self.schema = config.history_schema
        self.started = time.monotonic()

    def __call__(self, start: Position = START) -> None:
        if start[0] >= len(self.steps):  # nothing (left) to run: an empty migration
            with self.conn.transaction():
                self._finish()
            return
        for i in range(start[0], len(self.steps)):
            first = start[1] if i == start[0] else 0
            if self.steps[i].transaction:
                _with_lock_retries(lambda i=i: self._transactional(i, start), self.unit.label, self.config, self.ui)
            else:
                self._no_transaction(i, first, start)

    # bookkeeping, always inside a transaction -------------------------------------------------

    def _finish(self) -> None:
        if self.direction == "up":
            u = self.unit
            history.record(self.conn, self.schema, version=u.version, name=u.name, checksum=u.checksum,
                           up_sql=u.up_sql, down_sql=u.down_sql, kind=u.kind,
                           execution_ms=int((time.monotonic() - self.started) * 1000))
        else:
            history.delete(self.conn, self.schema, self.unit.version)
        history.delete_progress(self.conn, self.schema, self.unit.version)

    def _mark(self, i: int, statements: int) -> None:
        """Statement ``statements`` of step ``i`` is done: record how far the unit got."""
        if statements < len(self.steps[i].statements):
            position = (i, statements)
        elif i + 1 == len(self.steps):
            return self._finish()
        else:
            position = (i + 1, 0)
        u = self.unit
        history.save_progress(self.conn, self.schema, version=u.version, name=u.name, kind=u.kind,
                              checksum=u.checksum, direction=self.direction, steps_done=position[0],
                              statements_done=position[1], total_steps=len(self.steps),
                              up_sql=u.up_sql, down_sql=u.down_sql)
        return None

    # the two kinds of step ------------------------------------------------------------------------

    def _transactional(self, i: int, start: Position) -> None:
        step, index = self.steps[i], 0
        try:
            with self.conn.transaction():
                _timeouts(self.conn, self.config, local=True)
                for index, stmt in enumerate(step.statements):  # noqa: B007 (index names the failing statement)
                    self.conn.execute(stmt, prepare=False)
                self._mark(i, len(step.statements))
        except psycopg.errors.LockNotAvailable as exc:
            raise _LockTimeout(self._failure(i, index, exc, start)) from None
        except psycopg.Error as exc:
            raise self._failure(i, index, exc, start) from None

    def _no_transaction(self, i: int, first: int, start: Position) -> None:
        step = self.steps[i]
        _timeouts(self.conn, self.config, local=False)
        try:
            for j in range(first, len(step.statements)):
                note = already_done(self.conn, step.statements[j]) if (i, j) == start else None
                if note:  # the run that stopped here did this much and was killed before recording it
                    self.ui.info(f"  {escape(note)}: done by the run that stopped, not run again")
                else:
                    _with_lock_retries(lambda j=j: self._statement(i, j, start), self.unit.label, self.config, self.ui)
                with self.conn.transaction():
                    self._mark(i, j + 1)
        finally:
            with contextlib.suppress(psycopg.Error):
                self.conn.execute("RESET lock_timeout")
                self.conn.execute("RESET statement_timeout")

    def _statement(self, i: int, j: int, start: Position) -> None:
        stmt = self.steps[i].statements[j]
        with contextlib.suppress(psycopg.Error):
            if name := drop_invalid_index(self.conn, stmt):
                self.ui.info(f"  dropped invalid index {escape(name)} left by an earlier failed run")
        try:
            self.conn.execute(stmt, prepare=False)
        except psycopg.Error as exc:
            with contextlib.suppress(psycopg.Error):
                if name := drop_invalid_index(self.conn, stmt):
                    self.ui.info(f"  dropped the invalid index {escape(name)} the failed statement left behind")
            if isinstance(exc, psycopg.errors.LockNotAvailable):
                raise _LockTimeout(self._failure(i, j, exc, start)) from None
            raise self._failure(i, j, exc, start) from None

    # what a failure leaves ------------------------------------------------------------------------

    def _failure(self, i: int, j: int, exc: psycopg.Error, start: Position) -> ForgeError:
        n, step = len(self.steps), self.steps[i]
        stmt, line = step.statements[j], step.line(j)
        where = f" (step {i + 1} of {n}{'' if step.transaction else ', no transaction'})" if n > 1 else ""
        at = f" at line {line}" if line else ""
        message = _pg_message(exc)
        now = (i, 0 if step.transaction else j)  # where the unit is now, in this direction
        fate = (f"step {i + 1} was rolled back" if step.transaction
                else f"step {i + 1} stopped at its statement {j + 1}")
        ran = ["step 1" if i == 1 else f"steps 1-{i}"] if i else []
        if now[1]:
            ran.append(f"the first {now[1]} statement(s) of step {i + 1}")
        ran_text = f"{' and '.join(ran)} {'is' if ran == ['step 1'] else 'are'} done"
        if self.direction == "up":
            if now == START:
                state = "it was rolled back and nothing was recorded" if step.transaction else \
                    "nothing was applied or recorded"
                return ForgeError(
                    f"{self.unit.what} failed{at}{where}: {message}\n  {state}",
                    hint=f"failing statement:\n{stmt}\nfix the cause (the data, or the migration, then `forge rehash`) "
                         "and run `forge apply` again")
            return ForgeError(
                f"{self.unit.what} failed{at}{where}: {message}\n  {fate}; {ran_text}: "
                "the migration is partially applied (not in the history yet)",
                hint=f"failing statement:\n{stmt}\nfix the cause (the data, or this step and later ones of the "
                     f"migration, then `forge rehash`) and run `forge apply`: it resumes at step {i + 1}; "
                     "or undo the applied steps with `forge rollback`")
        before = self.before
        if now == start:  # this run changed nothing
            state = "it was not rolled back" if before is None else \
                f"nothing more was undone: it is still {describe_progress(before)}"
            return ForgeError(f"rollback of {self.unit.label} failed{where}: {message}; {state}",
                              hint=f"failing statement:\n{stmt}")
        in_history = before is None or before.direction == "down"
        return ForgeError(
            f"rollback of {self.unit.label} failed{where}: {message}\n  {fate}; of its down section, "
            f"{ran_text}: it is partially rolled back" + (" (still in the history)" if in_history else ""),
            hint=f"failing statement:\n{stmt}\nfix the cause and run `forge rollback`: it resumes at step {i + 1}")


# --- apply ----------------------------------------------------------------------------------------


def check_modes(mig: Migration) -> None:
    """Refuse a step that must run outside a transaction but is not marked so, before anything runs."""
    sections = (("up", mig.up_steps), ("down", mig.down_steps)) if mig.stepped else (("up", mig.up_steps),)
    for section, steps in sections:
        for i, step in enumerate(steps, 1):
            if not step.transaction or not needs_no_transaction(step.statements):
                continue
            if mig.stepped:
                raise ForgeError(
                    f"{mig.filename}: step {i} of the {section} section runs in a transaction but has a statement "
                    "that cannot (e.g. CREATE INDEX CONCURRENTLY)",
                    hint="mark that step `-- +step no-transaction` (then `forge rehash`)")
            raise ForgeError(
                f"{mig.filename} has a statement that cannot run inside a transaction (e.g. CREATE INDEX "
                "CONCURRENTLY) but no `-- +no-transaction` directive",
                hint="add a `-- +no-transaction` line before `-- +up`, or mark its steps with `-- +step` lines "
                     "(then `forge rehash`)",
            )


def check_resumable(p: history.Progress, mig: Migration) -> None:
    """A partially applied migration's file may change only where it has not run yet."""
    position = (p.steps_done, p.statements_done)

    def ran(steps: Sequence[Step]) -> list[tuple[bool, tuple[str, ...]]]:
        return [(s.transaction, s.statements) for s in done(steps, position)]

    if len(mig.up_steps) < p.steps_done or ran(recorded_steps(p.up_sql)) != ran(mig.up_steps):
        raise ForgeError(
            f"migration {mig.filename} is {describe_progress(p)}, and its file now differs in the steps already "
            "applied: refusing to resume it",
            hint="restore those steps as they were (then `forge rehash`) to resume it, or undo the applied steps "
                 "with `forge rollback` and apply the edited migration",
        )


def select_todo(state: State, to: str | None) -> list[tuple[Migration, Position]]:
    """What ``forge apply`` runs: the migration part-way first (from where it stopped), then the pending."""
    resumed = []
    for p in state.progress.values():
        name = p.name if p.kind == "plan" else f"{p.version}_{p.name}"
        if p.direction == "down" or p.kind == "plan":
            what = f"the rollback of {name}" if p.direction == "down" else f"the saved plan {name}"
            raise ForgeError(f"{what} is {describe_progress(p)}: finish it first", hint=resume_hint(p))
        mig = state.by_version.get(p.version)
        if mig is None:
            raise ForgeError(f"migration {name} is {describe_progress(p)}, but its file is missing",
                             hint="restore the file and run `forge apply` to resume it, or undo the applied steps "
                                  "with `forge rollback`")
        if to is not None and p.version > to:
            raise ForgeError(f"--to {to}: migration {mig.filename}, later, is {describe_progress(p)}",
                             hint="finish it first: `forge apply` without --to")
        check_resumable(p, mig)
        resumed.append((mig, (p.steps_done, p.statements_done)))
    return resumed + [(m, START) for m in select_pending(state, to) if m.version not in state.progress]


def apply(config: Config, url: str, ui: Any, *, dry_run: bool = False, to: str | None = None,
          allow_missing: bool = False) -> list[Migration]:
    """Apply pending migrations in version order; return those applied (or, dry, to be applied)."""
    verify_manifest(config.migrations_dir)
    migrations = load_all(config.migrations_dir)
    for mig in migrations:
        check_modes(mig)
    schema = config.history_schema
    if dry_run:
        with connect(url) as conn:
            state = State(migrations, history.read(conn, schema), history.read_progress(conn, schema))
        check_history(state, allow_missing=allow_missing)
        todo = select_todo(state, to)
        for mig, start in todo:
            resumes = f" (part-way: resumes at step {start[0] + 1} of {len(mig.up_steps)})" if start != START else ""
            ui.out.print(f"-- {mig.filename}{resumes}", markup=False)
            ui.out.print(render_section(remaining(mig.up_steps, start)), markup=False, end="")
        return [m for m, _ in todo]
    with advisory_lock(url, ui) as conn:
        history.ensure(conn, schema)
        state = State(migrations, history.read(conn, schema), history.read_progress(conn, schema))
        check_history(state, allow_missing=allow_missing)
        todo = select_todo(state, to)
        latest = max(state.applied, default="")
        for mig, start in todo:
            if start != START:
                ui.info(f"  resuming {escape(mig.filename)} at step {start[0] + 1} of {len(mig.up_steps)}"
                        + (f", statement {start[1] + 1}" if start[1] else "")
                        + f" ({escape(describe_progress(state.progress[mig.version]))})")
            elif mig.version < latest:
                ui.info(f"[yellow]note:[/] {escape(mig.filename)} is older than the latest applied migration "
                        f"({latest}); applying it out of order")
            started = time.monotonic()
            _Run(conn, config, ui, Unit.of_file(mig), "up")(start)
            ms = int((time.monotonic() - started) * 1000)
            ui.info(f"  [green]✓[/] {escape(mig.filename)} [dim]({ms} ms)[/]")
        return [m for m, _ in todo]


class _LockTimeout(Exception):
    """A statement waited longer than lock_timeout; the transaction was rolled back."""

    def __init__(self, error: ForgeError):
        self.error = error


def _with_lock_retries(run, label: str, config: Config, ui: Any) -> None:
    """Run a step (or a statement outside a transaction); when it loses a lock race
    (lock_timeout), back off and try again.

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
            ui.info(f"  [yellow]![/] {escape(label)}: lock not acquired within {config.lock_timeout}; "
                    f"retrying in {wait} s ({attempt + 1}/{config.lock_retries})")
            time.sleep(wait)


_NAME = r'(?:"(?:[^"]|"")+"|[\w$]+)'
_CONCURRENT_INDEX = re.compile(
    r"^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    rf"({_NAME})\s+ON\s+(?:ONLY\s+)?({_NAME}(?:\s*\.\s*{_NAME})?)",
    re.IGNORECASE,
)
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
    """Whether a concurrent index statement a killed run may have finished is in effect already.

    A run killed after ``CREATE INDEX CONCURRENTLY`` finished but before its progress was
    recorded leaves a valid index; running the statement again would fail on it.
    """
    with contextlib.suppress(psycopg.Error):
        if m := _CONCURRENT_INDEX.match(stmt):
            row = conn.execute(
                "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = to_regclass(%s) AND c.relname = %s", [m.group(2), unquote(m.group(1))]).fetchone()
            if row is not None and row[0]:
                return f"index {unquote(m.group(1))} exists and is valid"
        elif (m := _DROP_CONCURRENT_INDEX.match(stmt)) and conn.execute(
                "SELECT to_regclass(%s)", [m.group(1)]).fetchone()[0] is None:
            return f"index {m.group(1)} is gone"
    return None


# --- rollback -------------------------------------------------------------------------------------


def _undo(p: history.Progress) -> tuple[Unit, Position]:
    """A migration part-way and where its down starts: a rollback resumes, a partial apply is undone."""
    unit = Unit.of_record(p)
    if p.direction == "down":
        return unit, (p.steps_done, p.statements_done)
    if p.statements_done:
        raise ForgeError(
            f"{unit.what} is {describe_progress(p)}: a step without a transaction stopped inside, so which down "
            "statements would undo it is unknown",
            hint="finish it with `forge apply`, then `forge rollback`")
    if len(unit.down) != len(unit.up):
        raise ForgeError(
            f"{unit.what} is {describe_progress(p)}, and its down section has {len(unit.down)} step(s) for "
            f"{len(unit.up)} up step(s): which of them undo the applied steps is unknown",
            hint="finish it with `forge apply`, then `forge rollback`")
    return unit, (len(unit.down) - p.steps_done, 0)


def rollback(config: Config, url: str, ui: Any, *, steps: int | None = 1, to: str | None = None,
             dry_run: bool = False, allow_destructive: bool = False, fallback=None) -> list[Unit]:
    """Run the recorded down steps of the latest migrations, newest first.

    A migration part-way comes first: a rollback that stopped is resumed, and the applied
    steps of a partially applied migration are undone (down step ``i`` undoes up step
    ``n - 1 - i``). Downs that would lose data (drop a table, column, sequence or materialized
    view, narrow a type) are refused unless ``allow_destructive``, naming that data.
    """
    from ..safety import require_consent_for_sql

    schema = config.history_schema

    def choose(applied: dict[str, history.Applied], progress: dict[str, history.Progress]):
        newest_first = sorted(applied.values(), key=lambda a: a.version, reverse=True)
        ordered = [_undo(p) for p in progress.values()]
        ordered += [(Unit.of_record(a), START) for a in newest_first if a.version not in progress]
        if to is not None:
            if to != "0" and to not in applied:
                raise ForgeError(f"--to {to}: no applied migration with that version",
                                 hint="see `forge status`; `--to 0` rolls back everything")
            return [(u, s) for u, s in ordered if u.version > to]
        if steps is not None and steps < 1:
            raise ForgeError("--steps must be at least 1")
        return ordered[: steps or 1]

    def consent(todo) -> None:
        require_consent_for_sql(config, url, [s for u, start in todo for s in flatten(remaining(u.down, start))],
                                allow=allow_destructive, fallback=fallback,
                                what=f"rolling back {', '.join(u.label for u, _ in todo)}")

    if dry_run:
        with connect(url) as conn:
            todo = choose(history.read(conn, schema), history.read_progress(conn, schema))
        for u, start in todo:
            ui.out.print(f"-- rollback {u.label}", markup=False)
            ui.out.print(render_section(remaining(u.down, start)), markup=False, end="")
        try:
            consent(todo)
        except ForgeError as refused:  # a dry run says so, and what, but changes nothing either way
            ui.info(f"[yellow]![/] {escape(refused.message)}\n  without --allow-destructive it would be refused")
        return [u for u, _ in todo]
    with advisory_lock(url, ui) as conn:
        progress = history.read_progress(conn, schema)
        todo = choose(history.read(conn, schema), progress)
        empty = [u.label for u, start in todo if not flatten(remaining(u.down, start))]
        if empty:
            raise ForgeError(f"migration {', '.join(empty)} has no down SQL recorded: cannot roll it back",
                             hint="write a new migration that undoes it instead")
        consent(todo)
        if todo:
            history.ensure(conn, schema)  # a history table from an earlier version gets its progress table
        for u, start in todo:
            p = progress.get(u.version)
            if p is not None:
                doing = "resuming the rollback of" if p.direction == "down" else "undoing the applied steps of"
                ui.info(f"  {doing} {escape(u.label)} ({escape(describe_progress(p))})")
            started = time.monotonic()
            _Run(conn, config, ui, u, "down", before=p)(start)
            ui.info(f"  [green]↩[/] {escape(u.label)} rolled back "
                    f"[dim]({int((time.monotonic() - started) * 1000)} ms)[/]")
        return [u for u, _ in todo]


# --- saved plans and replays ----------------------------------------------------------------------


def apply_plan_file(config: Config, url: str, doc: dict, schemas: list[str], ui: Any, *, name: str,
                    checksum: str, allow_destructive: bool = False, fallback=None) -> tuple[int, str | None]:
    """Run a saved plan's up steps if the database has not moved on, like a migration.

    The plan passes the same destructive-change gate as ``sync`` and ``generate``, and is
    recorded in the history like a migration (kind ``plan``, with its down steps), so ``status``
    sees no drift afterwards and ``rollback`` can undo it. A plan that stopped part-way is
    resumed by applying the same file again. Returns (statements, version recorded).
    """
    from .. import planfile
    from ..planner import fingerprint, inspect_target
    from ..safety import require_consent_for_sql

    up, down = planfile.steps(doc, "up", name), planfile.steps(doc, "down", name)
    if not up:
        return 0, None  # nothing ran: nothing to record (nor to roll back)
    schema = config.history_schema
    with advisory_lock(url, ui) as conn:
        progress = history.read_progress(conn, schema)
        mine = [p for p in progress.values() if p.kind == "plan" and p.checksum == checksum and p.direction == "up"]
        for p in progress.values():
            if p not in mine:
                label = p.name if p.kind == "plan" else f"{p.version}_{p.name}"
                raise ForgeError(f"{label} is {describe_progress(p)}: finish it first", hint=resume_hint(p))
        if mine:
            version, start = mine[0].version, (mine[0].steps_done, mine[0].statements_done)
            ui.info(f"  resuming the plan {escape(name)} at step {start[0] + 1} of {len(up)} "
                    f"({escape(describe_progress(mine[0]))})")
        else:
            current = fingerprint(inspect_target(url, schemas, config))
            if current != doc.get("fingerprint"):
                raise ForgeError(
                    "the database changed since this plan was made (schema fingerprint "
                    f"{current} != {doc.get('fingerprint')}): refusing to apply it",
                    hint="make a new plan with `forge plan --out FILE`, review it, and apply that",
                )
            require_consent_for_sql(config, url, flatten(up), allow=allow_destructive, what=f"the plan in {name}",
                                    fallback=fallback)
            version, start = _plan_version(config, history.read(conn, schema)), START
        history.ensure(conn, schema)
        unit = Unit(version, name, name, checksum, "plan", render_section(up), render_section(down),
                    tuple(up), tuple(down))
        _Run(conn, config, ui, unit, "up")(start)
        return len(flatten(up)), version


def _plan_version(config: Config, applied: dict[str, history.Applied]) -> str:
    """The current UTC second, after every migration file and every applied version."""
    version, latest = next_version(config.migrations_dir), max(applied, default="")
    if version <= latest:
        t = datetime.strptime(latest, "%Y%m%d%H%M%S").replace(tzinfo=UTC) + timedelta(seconds=1)
        version = t.strftime("%Y%m%d%H%M%S")
    return version


def in_effect(applied: dict[str, history.Applied], progress: dict[str, history.Progress]
              ) -> list[tuple[str, list[Step]]]:
    """(label, steps) whose replay on an empty database gives what the history says the database holds."""
    out = [(f"{a.version}_{a.name}", recorded_steps(a.up_sql))
           for a in sorted(applied.values(), key=lambda a: a.version) if a.version not in progress]
    for p in progress.values():
        unit = Unit.of_record(p)
        n = len(unit.up)
        if p.direction == "up":
            steps = done(unit.up, (p.steps_done, p.statements_done))
        elif len(unit.down) == n and not p.statements_done:  # down step i undoes up step n - 1 - i
            steps = list(unit.up[: n - p.steps_done])
        else:
            steps = [*unit.up, *done(unit.down, (p.steps_done, p.statements_done))]
        out.append((unit.label, steps))
    return out


def replay(url: str, migrations: list[tuple[str, Sequence[Step]]]) -> None:
    """Run (label, up steps) in order on a scratch database; any failure names the migration."""
    with connect(url, autocommit=True) as conn:
        for label, steps in migrations:
            stmt = ""
            try:
                for step in steps:
                    with conn.transaction() if step.transaction else contextlib.nullcontext():
                        for stmt in step.statements:
                            conn.execute(stmt, prepare=False)
            except psycopg.Error as exc:
                raise ForgeError(f"migration {label} fails when replayed on an empty database: {_pg_message(exc)}",
                                 hint=f"failing statement:\n{stmt}") from None
