"""What the runner reports while it applies or rolls back, as plain values.

The runner emits these events and never prints: how they look (the console markup of
``forge apply``) is the caller's business, and a test can record them, or stop the process
at one of them, to observe exactly how far a run got. Events without a message of their own
(``MigrationStarted``, ``StatementRan``) exist for such observers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class WaitingForLock:
    """Another deploy holds the advisory lock; this run waits for it (at most ``limit``; "" = no limit)."""

    limit: str = ""


@dataclass(frozen=True)
class MigrationStarted:
    """A migration (or saved plan) is about to run its first remaining step."""

    label: str
    direction: str  # up | down


@dataclass(frozen=True)
class StatementRan:
    """A statement ran and is not recorded yet: a transactional step's transaction is still open."""

    label: str
    step: int  # 1-based, of the direction's steps
    statement: int  # 1-based, in the step
    transaction: bool


@dataclass(frozen=True)
class MigrationApplied:
    """A migration is committed together with its history row."""

    label: str
    ms: int


@dataclass(frozen=True)
class OutOfOrder:
    """A pending migration is older than the latest applied one, and is applied anyway."""

    label: str
    latest: str


@dataclass(frozen=True)
class Resumed:
    """A migration or plan that stopped part-way is resumed at ``step`` (1-based)."""

    label: str
    step: int
    of: int
    statement: int  # 1-based statement in that step to resume at; 1 is its start
    progress: str  # how far it got, in words
    plan: bool = False


@dataclass(frozen=True)
class RollbackResumed:
    """A rollback that stopped is resumed, or a partially applied migration's steps are undone."""

    label: str
    progress: str
    undoing: bool  # True: undoing the applied steps of a partial apply


@dataclass(frozen=True)
class RolledBack:
    label: str
    ms: int


@dataclass(frozen=True)
class LockRetry:
    """A step (or a statement outside a transaction) lost a lock race; the run waits ``wait`` s."""

    label: str
    lock_timeout: str
    wait: int
    attempt: int  # 1-based
    retries: int


@dataclass(frozen=True)
class InvalidIndexDropped:
    """An INVALID index left by a failed concurrent build was dropped before building it again."""

    name: str
    earlier_run: bool  # left by an earlier run (True) or by the statement that just failed


@dataclass(frozen=True)
class AlreadyDone:
    """A statement the stopped run finished but could not record is in effect: not run again."""

    note: str


@dataclass(frozen=True)
class DryRunSQL:
    """The SQL a dry run would execute for one migration."""

    label: str
    sql: str
    direction: str  # up | down
    resumes_at: int = 0  # 1-based step a part-way migration resumes at; 0: from the start
    of: int = 0


@dataclass(frozen=True)
class WouldBeRefused:
    """A dry-run rollback would be refused by the destructive-change gate."""

    message: str


Event = (WaitingForLock | MigrationStarted | StatementRan | MigrationApplied | OutOfOrder | Resumed
         | RollbackResumed | RolledBack | LockRetry | InvalidIndexDropped | AlreadyDone | DryRunSQL | WouldBeRefused)


class Reporter(Protocol):
    def event(self, e: Event) -> None: ...
