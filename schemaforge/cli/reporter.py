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

from rich.markup import escape

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
from .context import UI

PAUSE_ENV = "FORGE_TEST_PAUSE_AT"


def _resumed(e: Resumed) -> str:
    if e.plan:
        return f"  resuming the plan {escape(e.label)} at step {e.step} of {e.of} ({escape(e.progress)})"
    statement = f", statement {e.statement}" if e.statement > 1 else ""
    return f"  resuming {escape(e.label)} at step {e.step} of {e.of}{statement} ({escape(e.progress)})"


def _lock_retry(e: LockRetry) -> str:
    return (f"  [yellow]![/] {escape(e.label)}: lock not acquired within {e.lock_timeout}; "
            f"retrying in {e.wait} s ({e.attempt}/{e.retries})")


def _dropped(e: InvalidIndexDropped) -> str:
    if e.earlier_run:
        return f"  dropped invalid index {escape(e.name)} left by an earlier failed run"
    return f"  dropped the invalid index {escape(e.name)} the failed statement left behind"


def _rollback_resumed(e: RollbackResumed) -> str:
    doing = "undoing the applied steps of" if e.undoing else "resuming the rollback of"
    return f"  {doing} {escape(e.label)} ({escape(e.progress)})"


_MESSAGES: dict[type, Callable[..., str]] = {
    WaitingForLock: lambda e: ("waiting for another forge apply to finish..." if not e.limit else
                               f"waiting up to {escape(e.limit)} for another forge apply to finish..."),
    MigrationApplied: lambda e: f"  [green]✓[/] {escape(e.label)} [dim]({e.ms} ms)[/]",
    OutOfOrder: lambda e: (f"[yellow]note:[/] {escape(e.label)} is older than the latest applied migration "
                           f"({e.latest}); applying it out of order"),
    Resumed: _resumed,
    RollbackResumed: _rollback_resumed,
    RolledBack: lambda e: f"  [green]↩[/] {escape(e.label)} rolled back [dim]({e.ms} ms)[/]",
    LockRetry: _lock_retry,
    InvalidIndexDropped: _dropped,
    AlreadyDone: lambda e: f"  {escape(e.note)}: done by the run that stopped, not run again",
    WouldBeRefused: lambda e: f"[yellow]![/] {escape(e.message)}\n  without --allow-destructive it would be refused",
}


class ConsoleReporter:
    """Renders runner events through the CLI's ``UI`` (``out`` and ``err`` consoles, ``info``)."""

    def __init__(self, ui: UI) -> None:
        self.ui = ui

    def event(self, e: Event) -> None:
        if isinstance(e, DryRunSQL):
            self._dry_run(e)
        elif (message := _MESSAGES.get(type(e))) is not None:
            self.ui.info(message(e))

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
