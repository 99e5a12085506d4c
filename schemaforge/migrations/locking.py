"""Locks a deploy takes: the advisory lock that serializes runs, and lock_timeout retries.

Every run holds a session-level advisory lock on one fixed key, so concurrent ``forge apply``
processes queue up and each migration is applied exactly once. A run that finds the lock taken
polls ``pg_try_advisory_lock`` between short sleeps instead of blocking in ``pg_advisory_lock``:
a blocked statement holds a snapshot for as long as it waits, and ``CREATE INDEX CONCURRENTLY``
in the run holding the lock waits for every such snapshot to go, so the two would wait for each
other forever. Between polls the waiting session is idle, outside any transaction: no snapshot.
The wait has no deadline, as ``pg_advisory_lock`` had none: a deploy waits for the one before it.
Statements run with a short ``lock_timeout`` so a migration never queues every other query
behind its ACCESS EXCLUSIVE request; losing that race is retried after a backoff (through the
injected clock).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import psycopg

from ..config import Config
from ..database.session import connect
from ..errors import ForgeError
from .clock import SYSTEM_CLOCK, Clock
from .events import LockRetry, Reporter, WaitingForLock

LOCK_KEY = 0x5343484D46524745  # "SCHMFRGE": one fixed key for every schemaforge deploy
POLL_SECONDS = (0.05, 0.1, 0.2, 0.25)  # waits between tries: quick at first, then 4 tries a second


def take_lock(conn: psycopg.Connection, reporter: Reporter, clock: Clock) -> None:
    """Take the deploy lock on an autocommit session, polling while another run holds it.

    Each try is one short statement; between tries the session is idle with no snapshot, so a
    concurrent index build in the run holding the lock never waits for this one.
    """
    attempt = 0
    while not conn.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY]).fetchone()[0]:
        if attempt == 0:
            reporter.event(WaitingForLock())
        clock.sleep(POLL_SECONDS[min(attempt, len(POLL_SECONDS) - 1)])
        attempt += 1


@contextlib.contextmanager
def advisory_lock(url: str, reporter: Reporter, clock: Clock = SYSTEM_CLOCK) -> Iterator[psycopg.Connection]:
    """A dedicated autocommit session holding the deploy lock; waits (saying so) if it is taken.

    The session commits synchronously whatever the server's default: a migration is reported
    applied only once its history row is on disk, so a server crash right after cannot lose it.
    """
    with connect(url, autocommit=True, application_name="schemaforge apply") as conn:
        conn.execute("SET synchronous_commit = on")
        take_lock(conn, reporter, clock)
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
