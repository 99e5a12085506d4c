"""Locks a deploy takes: the advisory lock that serializes runs, and lock_timeout retries.

Every run holds a session-level advisory lock on one fixed key, so concurrent ``forge apply``
processes queue up and each migration is applied exactly once. A run that finds the lock taken
polls ``pg_try_advisory_lock`` between short sleeps instead of blocking in ``pg_advisory_lock``:
a blocked statement holds a snapshot for as long as it waits, and ``CREATE INDEX CONCURRENTLY``
in the run holding the lock waits for every such snapshot to go, so the two would wait for each
other forever. Between polls the waiting session is idle, outside any transaction: no snapshot.
The wait is bounded by ``lock_wait`` (setting or ``--lock-wait``, 15 minutes by default, or
``forever``): a deploy script wants to fail with a reason rather than hang, and a session left
holding the lock (a killed deploy's connection, a psql someone forgot) would otherwise stop
every deploy silently. On expiry the error names the session holding the lock.
Statements run with a short ``lock_timeout`` so a migration never queues every other query
behind its ACCESS EXCLUSIVE request; losing that race is retried after a backoff (through the
injected clock).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator

import psycopg

from ..config import Config, lock_wait_seconds
from ..database.session import connect
from ..errors import ForgeError
from .clock import SYSTEM_CLOCK, Clock
from .events import LockRetry, Reporter, WaitingForLock

LOCK_KEY = 0x5343484D46524745  # "SCHMFRGE": one fixed key for every schemaforge deploy


def tenant_lock_key(history_schema: str) -> int:
    """The deploy lock of one schema tenant (its own history schema): tenants of one database
    are separate deploy streams, so they must not queue behind each other's lock."""
    digest = hashlib.sha256(f"schemaforge tenant\0{history_schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


POLL_SECONDS = (0.05, 0.1, 0.2, 0.25)  # waits between tries: quick at first, then 4 tries a second


def take_lock(conn: psycopg.Connection, reporter: Reporter, clock: Clock, wait: str = "forever",
              key: int = LOCK_KEY) -> None:
    """Take the deploy lock on an autocommit session, polling while another run holds it, for at
    most ``wait`` (a ``lock_wait`` duration); then stop, naming the session that holds it.

    Each try is one short statement; between tries the session is idle with no snapshot, so a
    concurrent index build in the run holding the lock never waits for this one.
    """
    limit = lock_wait_seconds(wait)
    wait = wait.strip() + (" s" if wait.strip().replace(".", "", 1).isdigit() else "")
    attempt, started = 0, clock.monotonic()
    while not conn.execute("SELECT pg_try_advisory_lock(%s)", [key]).fetchone()[0]:
        if attempt == 0:
            reporter.event(WaitingForLock("" if limit is None else wait))
        waited = clock.monotonic() - started
        if limit is not None and waited >= limit:
            raise lock_wait_expired(conn, wait, key)
        pause = POLL_SECONDS[min(attempt, len(POLL_SECONDS) - 1)]
        clock.sleep(pause if limit is None else min(pause, limit - waited))  # wake up for the deadline
        attempt += 1


# The session holding the deploy lock in this database (a bigint key is classid:objid, objsubid 1).
_HOLDER = """
SELECT l.pid, a.application_name, a.usename,
       to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'), a.state
FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid::int8 = %s AND l.objid::int8 = %s
ORDER BY l.pid
"""


def lock_wait_expired(conn: psycopg.Connection, wait: str, key: int = LOCK_KEY) -> ForgeError:
    """The error for a deploy lock still held after ``wait``: who holds it, and what to do."""
    rows = conn.execute(_HOLDER, [(key >> 32) & 0xFFFFFFFF, key & 0xFFFFFFFF]).fetchall()
    if not rows:  # released just now, or the holder is not ours to see
        who, pid = "another session (it is not visible to this role in pg_locks)", "<pid>"
    else:
        pid, app, user, since, state = rows[0]
        details = [f"application_name {app!r}" if app is not None else None,
                   f"user {user}" if user is not None else None,
                   f"connected since {since}" if since is not None else None,
                   f"now {state}" if state is not None else None]
        who = f"session pid {pid} ({', '.join(d for d in details if d)})"
    return ForgeError(
        f"the deploy lock is still held after waiting {wait} (--lock-wait): {who} holds it",
        hint=f"if that deploy is still running, let it finish and run again (or wait longer with --lock-wait, "
             f"e.g. --lock-wait 1h or --lock-wait forever); if it is left over (a killed deploy, an open psql), "
             f"end it with SELECT pg_terminate_backend({pid}); a migration it left part-way resumes on the "
             f"next forge apply")


@contextlib.contextmanager
def advisory_lock(url: str, reporter: Reporter, clock: Clock = SYSTEM_CLOCK,
                  wait: str = "forever", key: int = LOCK_KEY) -> Iterator[psycopg.Connection]:
    """A dedicated autocommit session holding the deploy lock; waits (saying so) up to ``wait`` if it is taken.

    The session commits synchronously whatever the server's default: a migration is reported
    applied only once its history row is on disk, so a server crash right after cannot lose it.
    """
    with connect(url, autocommit=True, application_name="schemaforge apply") as conn:
        conn.execute("SET synchronous_commit = on")
        take_lock(conn, reporter, clock, wait, key)
        try:
            yield conn
        finally:
            with contextlib.suppress(psycopg.Error):
                if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                    conn.rollback()
                conn.execute("SELECT pg_advisory_unlock(%s)", [key])


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
