"""How ``forge apply`` and ``forge rollback`` show what the runner reports, on the console.

The runner (``migrations/runner.py``) emits plain events; this module turns each into the
rich markup the commands always printed: messages on stderr (silenced by ``--quiet``), dry-run
SQL on stdout.

``FORGE_TEST_PAUSE_AT=<Event>[#n]`` makes the process announce reaching the ``n``-th such
event (default the first) on stderr and then wait to be killed: the crash tests kill a real
``forge apply`` at points they observed rather than after a guessed delay.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

from rich.status import Status
from rich.text import Text

from ..migrations.events import (
    AlreadyDone,
    DryRunSQL,
    Event,
    InvalidIndexDropped,
    LockRetry,
    MigrationApplied,
    MigrationStarted,
    OutOfOrder,
    Resumed,
    RollbackResumed,
    RolledBack,
    StatementRan,
    WaitingForLock,
    WouldBeRefused,
)
from ..terminal import lines, styled
from .context import UI

PAUSE_ENV = "FORGE_TEST_PAUSE_AT"


def _resumed(e: Resumed) -> Text:
    if e.plan:
        return styled("  resuming the plan {} at step {} of {} ({})", e.label, e.step, e.of, e.progress)
    statement = f", statement {e.statement}" if e.statement > 1 else ""
    return styled("  resuming {} at step {} of {}{} ({})", e.label, e.step, e.of, statement, e.progress)


def _lock_retry(e: LockRetry) -> Text:
    return styled("  [yellow]![/] {}: lock not acquired within {}; retrying in {} s ({}/{})",
                  e.label, e.lock_timeout, e.wait, e.attempt, e.retries)


def _dropped(e: InvalidIndexDropped) -> Text:
    if e.earlier_run:
        return styled("  dropped invalid index {} left by an earlier failed run", e.name)
    return styled("  dropped the invalid index {} the failed statement left behind", e.name)


def _rollback_resumed(e: RollbackResumed) -> Text:
    doing = "undoing the applied steps of" if e.undoing else "resuming the rollback of"
    return styled("  {} {} ({})", doing, e.label, e.progress)


def _waiting(e: WaitingForLock) -> Text:
    if not e.limit:
        return styled("waiting for another forge apply to finish...")
    return styled("waiting up to {} for another forge apply to finish...", e.limit)


# each event's message: our markup, the event's values filled in as plain text (terminal.styled)
_MESSAGES: dict[type, Callable[..., Text]] = {
    WaitingForLock: _waiting,
    MigrationApplied: lambda e: styled("  [green]✓[/] {} [dim]({} ms)[/]", e.label, e.ms),
    OutOfOrder: lambda e: styled("[yellow]note:[/] {} is older than the latest applied migration ({}); applying it "
                                 "out of order", e.label, e.latest),
    Resumed: _resumed,
    RollbackResumed: _rollback_resumed,
    RolledBack: lambda e: styled("  [green]↩[/] {} rolled back [dim]({} ms)[/]", e.label, e.ms),
    LockRetry: _lock_retry,
    InvalidIndexDropped: _dropped,
    AlreadyDone: lambda e: styled("  {}: done by the run that stopped, not run again", e.note),
    WouldBeRefused: lambda e: styled("[yellow]![/] {}\n  without --allow-destructive it would be refused", lines(e.message)),
}


class ConsoleReporter:
    """Renders runner events through the CLI's ``UI`` (``out`` and ``err`` consoles, ``info``).

    When stderr is a terminal (and not --quiet) a spinner line below the messages names the
    migration and the statement running, so a long index build or backfill is visibly alive; it
    is transient (gone when the migration ends) and absent from logs, pipes and CI output.
    """

    def __init__(self, ui: UI) -> None:
        self.ui = ui
        self.live = ui.err.is_interactive and not ui.quiet  # a real terminal: never a log
        self.status: Status | None = None
        self.doing = "applying"

    def event(self, e: Event) -> None:
        if isinstance(e, DryRunSQL):
            self._dry_run(e)
        elif (message := _MESSAGES.get(type(e))) is not None:
            if isinstance(e, (MigrationApplied, RolledBack)):
                self.close()
            self.ui.message(message(e))
        elif isinstance(e, (MigrationStarted, StatementRan)) and self.live:
            self._progress(e)

    def _progress(self, e: MigrationStarted | StatementRan) -> None:
        if isinstance(e, MigrationStarted):
            self.doing = "applying" if e.direction == "up" else "rolling back"
            text = styled("{} {}...", self.doing, e.label)
        else:
            text = styled("{} {}: step {}, statement {} done...", self.doing, e.label,
                          e.step, e.statement)
        if self.status is None:
            self.status = self.ui.err.status(text)
            self.status.start()
        else:
            self.status.update(text)

    def close(self) -> None:
        """Take the spinner line away (a migration ended, or the run did, however it ended)."""
        if self.status is not None:
            self.status.stop()
            self.status = None

    def _dry_run(self, e: DryRunSQL) -> None:
        if e.direction == "down":
            head = f"-- rollback {e.label}"
        else:
            head = f"-- {e.label}" + (f" (part-way: resumes at step {e.resumes_at} of {e.of})" if e.resumes_at else "")
        self.ui.out.print(head, markup=False)
        self.ui.out.print(e.sql, markup=False, end="")


class PauseAt:
    """Passes events on; at the ``n``-th event named ``name`` says so on stderr and waits to be killed."""

    def __init__(self, inner: ConsoleReporter, name: str, n: int = 1) -> None:
        self.inner, self.name, self.n, self.seen = inner, name, n, 0

    def close(self) -> None:
        self.inner.close()

    def event(self, e: Event) -> None:
        self.inner.event(e)
        if type(e).__name__ != self.name:
            return
        self.seen += 1
        if self.seen == self.n:
            os.write(2, f"forge-test: paused at {self.name}#{self.n}\n".encode())
            while True:
                signal.pause()


def console_reporter(ui: UI) -> ConsoleReporter | PauseAt:
    """The reporter the commands use: the console, paused where ``FORGE_TEST_PAUSE_AT`` says (tests only).
    Use it as ``with contextlib.closing(console_reporter(ui)) as reporter:`` so the progress line goes."""
    reporter = ConsoleReporter(ui)
    if point := os.environ.get(PAUSE_ENV):
        name, _, n = point.partition("#")
        if not name.isidentifier() or not (n or "1").isdigit():
            from ..errors import ForgeError

            raise ForgeError(f"{PAUSE_ENV}={point!r} is not EventName or EventName#N",
                             hint=f"it is a hook for schemaforge's own crash tests: unset {PAUSE_ENV}")
        return PauseAt(reporter, name, int(n or 1))
    return reporter
