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

from rich.text import Text

from ..migrations.events import (
    AlreadyDone,
    DryRunSQL,
    Event,
    InvalidIndexDropped,
    LockRetry,
    MigrationApplied,
    OutOfOrder,
    Reporter,
    Resumed,
    RollbackResumed,
    RolledBack,
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
    """Renders runner events through the CLI's ``UI`` (``out`` and ``err`` consoles, ``info``)."""

    def __init__(self, ui: UI) -> None:
        self.ui = ui

    def event(self, e: Event) -> None:
        if isinstance(e, DryRunSQL):
            self._dry_run(e)
        elif (message := _MESSAGES.get(type(e))) is not None:
            self.ui.message(message(e))

    def _dry_run(self, e: DryRunSQL) -> None:
        if e.direction == "down":
            head = f"-- rollback {e.label}"
        else:
            head = f"-- {e.label}" + (f" (part-way: resumes at step {e.resumes_at} of {e.of})" if e.resumes_at else "")
        self.ui.out.print(head, markup=False)
        self.ui.out.print(e.sql, markup=False, end="")


class PauseAt:
    """Passes events on; at the ``n``-th event named ``name`` says so on stderr and waits to be killed."""

    def __init__(self, inner: Reporter, name: str, n: int = 1) -> None:
        self.inner, self.name, self.n, self.seen = inner, name, n, 0

    def event(self, e: Event) -> None:
        self.inner.event(e)
        if type(e).__name__ != self.name:
            return
        self.seen += 1
        if self.seen == self.n:
            os.write(2, f"forge-test: paused at {self.name}#{self.n}\n".encode())
            while True:
                signal.pause()


def console_reporter(ui: UI) -> Reporter:
    """The reporter the commands use: the console, paused where ``FORGE_TEST_PAUSE_AT`` says (tests only)."""
    reporter: Reporter = ConsoleReporter(ui)
    if point := os.environ.get(PAUSE_ENV):
        name, _, n = point.partition("#")
        if not name.isidentifier() or not (n or "1").isdigit():
            from ..errors import ForgeError

            raise ForgeError(f"{PAUSE_ENV}={point!r} is not EventName or EventName#N",
                             hint=f"it is a hook for schemaforge's own crash tests: unset {PAUSE_ENV}")
        reporter = PauseAt(reporter, name, int(n or 1))
    return reporter
