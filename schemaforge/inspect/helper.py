"""A second connection for one catalog read, as ``pg_dump --jobs`` has: opened on a thread as
soon as the read starts, it runs its share of the queries on the snapshot the first connection
exports, so the server works on two backends at once and both see the very same catalog.

The read never depends on it. When it cannot connect (no free connection slot, say) or any of
its queries fails, its share runs on the first connection as before, where a real error is
raised the usual way; a server that will not export a snapshot has the read start again alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import psycopg

from .session import catalog_session, export_snapshot, fetch_many


class Helper:
    """The second connection, opened on a thread at once; it takes its share of the queries
    unless the first connection has finished its own share before it could start."""

    def __init__(self, open_connection: Callable[[], psycopg.Connection]):
        self._open = open_connection
        self._job: tuple[str, list[str], dict[str, Any]] | None = None
        self._given = threading.Event()
        self._lock = threading.Lock()
        self._state = "connecting"  # then "running" (it has the job) or "dropped" (it never will)
        self._rows: list[list[tuple]] | None = None
        self._thread = threading.Thread(target=self._work, name="schemaforge-catalog-helper", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        try:
            conn = self._open()
        except Exception:  # its share runs on the first connection
            return
        try:
            self._given.wait()
            with self._lock:
                if self._state == "dropped" or self._job is None:
                    return
                self._state = "running"
            snapshot, queries, params = self._job
            with catalog_session(conn, snapshot):
                self._rows = fetch_many(conn, queries, params)
        except Exception:  # its share runs on the first connection, where an error is raised
            self._rows = None
        finally:
            conn.close()

    def start(self, snapshot: str, queries: list[str], params: dict[str, Any]) -> None:
        self._job = (snapshot, queries, params)
        self._given.set()

    def rows(self) -> list[list[tuple]] | None:
        """The rows of its queries; None if it could not run them, or had not started them
        (still connecting: a slow connection never holds the read up)."""
        with self._lock:
            if self._state != "running":
                self._state = "dropped"
                return None
        self._thread.join()
        return self._rows

    def cancel(self) -> None:
        """Nothing (more) to do: a helper not yet running closes its connection."""
        with self._lock:
            if self._state != "running":
                self._state = "dropped"
        self._given.set()


def fetch_shared(
    conn: psycopg.Connection,
    named: dict[str, str],
    params: dict[str, Any],
    helper: Helper | None,
    share: Sequence[str],
) -> dict[str, list[tuple]]:
    """The rows of every query in ``named`` by name: those in ``share`` on ``helper`` (on the
    snapshot of ``conn``'s transaction), the rest on ``conn``, both at once."""
    theirs = [name for name in named if name in share] if helper is not None else []
    if theirs:
        helper.start(export_snapshot(conn), [named[name] for name in theirs], params)
    mine = [name for name in named if name not in theirs]
    rows = dict(zip(mine, fetch_many(conn, [named[name] for name in mine], params), strict=True))
    if theirs:
        got = helper.rows()
        if got is None:
            got = fetch_many(conn, [named[name] for name in theirs], params)
        rows.update(zip(theirs, got, strict=True))
    return rows
