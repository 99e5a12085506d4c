"""Applying and rolling back migrations, safely enough for several deploy nodes at once.

Every run holds the deploy's advisory lock (:mod:`.locking`), so concurrent ``forge apply``
processes queue up and each migration is applied exactly once. The runner prints nothing: it
reports :mod:`.events` to a reporter the caller passes, and waits through a :mod:`.clock`.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path

import psycopg

from ..config import Config
from ..database.session import connect
from ..errors import ForgeError
from . import history
from .clock import SYSTEM_CLOCK, Clock
from .events import (
    AlreadyDone,
    DryRunSQL,
    InvalidIndexDropped,
    MigrationApplied,
    MigrationStarted,
    OutOfOrder,
    Reporter,
    Resumed,
    RollbackResumed,
    RolledBack,
    StatementRan,
    WouldBeRefused,
)
from .files import (
    Migration,
    Step,
    check_modes,
    flatten,
    load_all,
    next_version,
    recorded_steps,
    render_section,
)
from .folding import check_no_baseline, check_not_between, folded_into
from .locking import LOCK_KEY, LockTimeout, advisory_lock, set_timeouts, with_lock_retries
from .manifest import verify
from .messages import describe_progress, pg_message, resume_hint, step_failure
from .recovery import already_done, drop_invalid_index

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

    @cached_property
    def folded(self) -> dict[tuple[str, str], str]:
        """(version, checksum) of each migration a squash folded into a baseline → that baseline's file."""
        return {(f.version, f.checksum): m.filename for m in self.migrations if m.baseline for f in m.folds}

    def is_folded(self, a: history.Applied) -> bool:
        """The history row is of a migration, exactly as it was, that a baseline now stands for."""
        return (a.version, a.checksum) in self.folded

    @property
    def modified(self) -> list[Migration]:
        return [m for m in self.migrations if m.version in self.applied
                and self.applied[m.version].checksum != m.checksum and not self.is_folded(self.applied[m.version])]

    @property
    def missing(self) -> list[history.Applied]:
        """Applied migrations whose file is gone (a saved plan's row never had one; a folded one's
        file became part of a baseline)."""
        files = self.by_version
        return [a for v, a in self.applied.items() if v not in files and not a.from_plan and not self.is_folded(a)]


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

Consent = Callable[[list[str], str], None]
"""Refuses (raises ForgeError) to run statements that would lose data; the text names what runs them."""

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
        kind = "baseline" if mig.baseline else "migration"
        return cls(mig.version, mig.name, mig.filename, mig.checksum, kind, mig.up_sql, mig.down_sql,
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


class _Run:
    """Runs one direction of a unit from a position, recording progress as it goes."""

    def __init__(self, conn: psycopg.Connection, config: Config, reporter: Reporter, clock: Clock, unit: Unit,
                 direction: str, before: history.Progress | None = None):
        self.conn, self.config, self.reporter, self.clock = conn, config, reporter, clock
        self.unit, self.direction = unit, direction
        self.before = before  # the unit's progress row when this run started, if it was part-way
        self.steps = unit.steps(direction)
        self.schema = config.history_schema
        self.started = clock.monotonic()

    def __call__(self, start: Position = START) -> None:
        self.reporter.event(MigrationStarted(self.unit.label, self.direction))
        if start[0] >= len(self.steps):  # nothing (left) to run: an empty migration
            with self.conn.transaction():
                self._finish()
            return
        for i in range(start[0], len(self.steps)):
            first = start[1] if i == start[0] else 0
            if self.steps[i].transaction:
                self._retrying(lambda i=i: self._transactional(i, start))
            else:
                self._no_transaction(i, first, start)

    def _retrying(self, run: Callable[[], None]) -> None:
        with_lock_retries(run, self.unit.label, self.config, self.reporter, self.clock)

    # bookkeeping, always inside a transaction -------------------------------------------------

    def _finish(self) -> None:
        if self.direction == "up":
            u = self.unit
            history.record(self.conn, self.schema, version=u.version, name=u.name, checksum=u.checksum,
                           up_sql=u.up_sql, down_sql=u.down_sql, kind=u.kind,
                           execution_ms=int((self.clock.monotonic() - self.started) * 1000))
        else:
            history.delete(self.conn, self.schema, self.unit.version)
        history.delete_progress(self.conn, self.schema, self.unit.version)

    def _failure(self, i: int, j: int, exc: psycopg.Error, start: Position) -> ForgeError:
        return step_failure(self.unit.what, self.unit.label, self.direction, self.steps, self.before, i, j, exc, start)

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
                set_timeouts(self.conn, self.config, local=True)
                for index, stmt in enumerate(step.statements):  # noqa: B007 (index names the failing statement)
                    self.conn.execute(stmt, prepare=False)
                    self.reporter.event(StatementRan(self.unit.label, i + 1, index + 1, True))
                self._mark(i, len(step.statements))
        except psycopg.errors.LockNotAvailable as exc:
            raise LockTimeout(self._failure(i, index, exc, start)) from None
        except psycopg.Error as exc:
            raise self._failure(i, index, exc, start) from None

    def _no_transaction(self, i: int, first: int, start: Position) -> None:
        step = self.steps[i]
        set_timeouts(self.conn, self.config, local=False)
        try:
            for j in range(first, len(step.statements)):
                note = already_done(self.conn, step.statements[j]) if (i, j) == start else None
                if note:  # the run that stopped here did this much and was killed before recording it
                    self.reporter.event(AlreadyDone(note))
                else:
                    self._retrying(lambda j=j: self._statement(i, j, start))
                    self.reporter.event(StatementRan(self.unit.label, i + 1, j + 1, False))
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
                self.reporter.event(InvalidIndexDropped(name, earlier_run=True))
        try:
            self.conn.execute(stmt, prepare=False)
        except psycopg.Error as exc:
            with contextlib.suppress(psycopg.Error):
                if name := drop_invalid_index(self.conn, stmt):
                    self.reporter.event(InvalidIndexDropped(name, earlier_run=False))
            if isinstance(exc, psycopg.errors.LockNotAvailable):
                raise LockTimeout(self._failure(i, j, exc, start)) from None
            raise self._failure(i, j, exc, start) from None

# --- apply ----------------------------------------------------------------------------------------


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
    fresh = [(m, START) for m in select_pending(state, to) if m.version not in state.progress]
    for mig, _ in fresh:
        check_not_between(mig, {v for v, a in state.applied.items() if state.is_folded(a)})
    return resumed + fresh


# Checks a unit's remaining up statements against the data before it runs (and before it takes
# any table lock); raises a ForgeError to stop. Given (label, statements).
Preflight = Callable[[str, list[str]], None]


def apply(config: Config, url: str, reporter: Reporter, *, dry_run: bool = False, to: str | None = None,
          allow_missing: bool = False, clock: Clock = SYSTEM_CLOCK, preflight: Preflight | None = None,
          retarget: Callable[[Migration], Migration] | None = None, lock_key: int = LOCK_KEY) -> list[Migration]:
    """Apply pending migrations in version order; return those applied (or, dry, to be applied).

    ``preflight`` hears each migration's statements still to run just before it runs;
    ``retarget``: what a schema tenant runs instead of each file (the fleet's tenants);
    ``lock_key``: the deploy lock of that tenant."""
    verify_manifest(config.migrations_dir)
    migrations = load_all(config.migrations_dir)
    if retarget is not None:
        migrations = [retarget(m) for m in migrations]
    for mig in migrations:
        check_modes(mig)
    schema = config.history_schema
    if dry_run:
        with connect(url) as conn:
            state = State(migrations, history.read(conn, schema), history.read_progress(conn, schema))
        check_history(state, allow_missing=allow_missing)
        todo = select_todo(state, to)
        for mig, start in todo:
            resumes_at = start[0] + 1 if start != START else 0
            reporter.event(DryRunSQL(mig.filename, render_section(remaining(mig.up_steps, start)), "up",
                                     resumes_at, len(mig.up_steps)))
        return [m for m, _ in todo]
    with advisory_lock(url, reporter, clock, config.lock_wait, lock_key) as conn:
        history.ensure(conn, schema)
        state = State(migrations, history.read(conn, schema), history.read_progress(conn, schema))
        check_history(state, allow_missing=allow_missing)
        todo = select_todo(state, to)
        latest = max(state.applied, default="")
        for mig, start in todo:
            if start != START:
                reporter.event(Resumed(mig.filename, start[0] + 1, len(mig.up_steps), start[1] + 1,
                                       describe_progress(state.progress[mig.version])))
            elif mig.version < latest:
                reporter.event(OutOfOrder(mig.filename, latest))
            if preflight is not None:
                preflight(mig.filename, flatten(remaining(mig.up_steps, start)))
            started = clock.monotonic()
            _Run(conn, config, reporter, clock, Unit.of_file(mig), "up")(start)
            reporter.event(MigrationApplied(mig.filename, int((clock.monotonic() - started) * 1000)))
        return [m for m, _ in todo]


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


def rollback(config: Config, url: str, reporter: Reporter, *, consent: Consent, steps: int | None = 1,
             to: str | None = None, dry_run: bool = False, clock: Clock = SYSTEM_CLOCK,
             lock_key: int = LOCK_KEY, include_baseline: bool = False) -> list[Unit]:
    """Run the recorded down steps of the latest migrations, newest first.

    A migration part-way comes first: a rollback that stopped is resumed, and the applied
    steps of a partially applied migration are undone (down step ``i`` undoes up step
    ``n - 1 - i``). Downs that would lose data (drop a table, column, sequence or materialized
    view, narrow a type) are refused by ``consent`` (unless the user allowed them), naming that data.
    A baseline (and a migration a squash folded into one) is rolled back only with
    ``include_baseline``: its down drops the whole schema it stands for.
    """
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

    def gate(todo) -> None:
        if not include_baseline:
            check_no_baseline([u for u, _ in todo], folded_into(config.migrations_dir))

    def consent_to(todo) -> None:
        consent([s for u, start in todo for s in flatten(remaining(u.down, start))],
                f"rolling back {', '.join(u.label for u, _ in todo)}")

    if dry_run:
        with connect(url) as conn:
            todo = choose(history.read(conn, schema), history.read_progress(conn, schema))
        for u, start in todo:
            reporter.event(DryRunSQL(u.label, render_section(remaining(u.down, start)), "down"))
        try:
            gate(todo)
            consent_to(todo)
        except ForgeError as refused:  # a dry run says so, and what, but changes nothing either way
            reporter.event(WouldBeRefused(refused.message))
        return [u for u, _ in todo]
    with advisory_lock(url, reporter, clock, config.lock_wait, lock_key) as conn:
        progress = history.read_progress(conn, schema)
        todo = choose(history.read(conn, schema), progress)
        empty = [u.label for u, start in todo if not flatten(remaining(u.down, start))]
        if empty:
            raise ForgeError(f"migration {', '.join(empty)} has no down SQL recorded: cannot roll it back",
                             hint="write a new migration that undoes it instead")
        gate(todo)
        consent_to(todo)
        if todo:
            history.ensure(conn, schema)  # a history table from an earlier version gets its progress table
        for u, start in todo:
            p = progress.get(u.version)
            if p is not None:
                reporter.event(RollbackResumed(u.label, describe_progress(p), undoing=p.direction != "down"))
            started = clock.monotonic()
            _Run(conn, config, reporter, clock, u, "down", before=p)(start)
            reporter.event(RolledBack(u.label, int((clock.monotonic() - started) * 1000)))
        return [u for u, _ in todo]


# --- saved plans and replays ----------------------------------------------------------------------


@dataclass(frozen=True)
class SavedPlan:
    """A plan file as the runner needs it (the caller reads and checks the file)."""

    name: str
    checksum: str
    fingerprint: str | None  # the schema fingerprint of the database the plan was made against
    up: tuple[Step, ...]
    down: tuple[Step, ...]


def apply_plan_file(config: Config, url: str, plan: SavedPlan, reporter: Reporter, *,
                    current_fingerprint: Callable[[], str], consent: Consent,
                    clock: Clock = SYSTEM_CLOCK, preflight: Preflight | None = None) -> tuple[int, str | None]:
    """Run a saved plan's up steps if the database has not moved on, like a migration.

    The plan passes the same destructive-change gate as ``sync`` and ``generate``, and is
    recorded in the history like a migration (kind ``plan``, with its down steps), so ``status``
    sees no drift afterwards and ``rollback`` can undo it. A plan that stopped part-way is
    resumed by applying the same file again. ``current_fingerprint`` computes the database's
    schema fingerprint now (the caller knows how to inspect it). Returns (statements, version recorded).
    """
    name, up, down = plan.name, plan.up, plan.down
    if not up:
        return 0, None  # nothing ran: nothing to record (nor to roll back)
    schema = config.history_schema
    with advisory_lock(url, reporter, clock, config.lock_wait) as conn:
        progress = history.read_progress(conn, schema)
        mine = [p for p in progress.values()
                if p.kind == "plan" and p.checksum == plan.checksum and p.direction == "up"]
        for p in progress.values():
            if p not in mine:
                label = p.name if p.kind == "plan" else f"{p.version}_{p.name}"
                raise ForgeError(f"{label} is {describe_progress(p)}: finish it first", hint=resume_hint(p))
        if mine:
            version, start = mine[0].version, (mine[0].steps_done, mine[0].statements_done)
            reporter.event(Resumed(name, start[0] + 1, len(up), start[1] + 1, describe_progress(mine[0]), plan=True))
        else:
            current = current_fingerprint()
            if current != plan.fingerprint:
                raise ForgeError(
                    "the database changed since this plan was made (schema fingerprint "
                    f"{current} != {plan.fingerprint}): refusing to apply it",
                    hint="make a new plan with `forge plan --out FILE`, review it, and apply that",
                )
            consent(flatten(up), f"the plan in {name}")
            version, start = _plan_version(config, history.read(conn, schema)), START
        if preflight is not None:
            preflight(name, flatten(remaining(up, start)))
        history.ensure(conn, schema)
        unit = Unit(version, name, name, plan.checksum, "plan", render_section(up), render_section(down), up, down)
        _Run(conn, config, reporter, clock, unit, "up")(start)
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
                raise ForgeError(f"migration {label} fails when replayed on an empty database: {pg_message(exc)}",
                                 hint=f"failing statement:\n{stmt}") from None
