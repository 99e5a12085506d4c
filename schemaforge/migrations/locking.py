"""Locks a deploy takes: the advisory lock that serializes runs, and lock_timeout retries.

Every run holds a session-level advisory lock on one fixed key, so concurrent ``forge apply``
processes queue up and each migration is applied exactly once. Statements run with a short
``lock_timeout`` so a migration never queues every other query behind its ACCESS EXCLUSIVE
request; losing that race is retried after a backoff (through the injected clock).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import psycopg

from ..config import Config
from ..database.session import connect
from ..errors import ForgeError
from .clock import Clock
from .events import LockRetry, Reporter, WaitingForLock

LOCK_KEY = 0x5343484D46524745  # "SCHMFRGE": one fixed key for every schemaforge deploy


@contextlib.contextmanager
def advisory_lock(url: str, reporter: Reporter) -> Iterator[psycopg.Connection]:
    """A dedicated autocommit session holding the deploy lock; waits (saying so) if it is taken."""
    with connect(url, autocommit=True, application_name="schemaforge apply") as conn:
        if not conn.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY]).fetchone()[0]:
            reporter.event(WaitingForLock())
            conn.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            yield conn
        finally:
            with contextlib.suppress(psycopg.Error):
                if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                    conn.rollback()
                conn.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def set_timeouts(conn: psycopg.Connection, config: Config, *, local: bool) -> None:
    conn.execute("SELECT set_config('lock_timeout', %s, %s), set_config('statement_timeout', %s, %s)",
                 [config.lock_timeout, local, config.statement_timeout, local])


class LockTimeout(Exception):
    """A statement waited longer than lock_timeout; the transaction was rolled back."""

    def __init__(self, error: ForgeError):
        self.error = error


def backoff(attempt: int) -> int:
    """Seconds to wait before retry ``attempt + 1`` (0-based attempt): 1, 2, 4, ... at most 30."""
    return min(2 ** attempt, 30)


def with_lock_retries(run: Callable[[], None], label: str, config: Config, reporter: Reporter, clock: Clock) -> None:
    """Run a step (or a statement outside a transaction); when it loses a lock race
    (lock_timeout), back off and try again, at most ``config.lock_retries`` times."""
    for attempt in range(config.lock_retries + 1):
        try:
            run()
            return
        except LockTimeout as exc:
            if attempt == config.lock_retries:
                raise exc.error from None
            wait = backoff(attempt)
            reporter.event(LockRetry(label, config.lock_timeout, wait, attempt + 1, config.lock_retries))
            clock.sleep(wait)
