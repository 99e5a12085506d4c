"""The target's catalog as last read, used again while its server has written nothing since.

A plan reads the target's whole catalog (~0.3 s at 1,000 tables). Run again against a database
nobody touched in between, as in the loop of editing the YAML and planning against a
development database, that read gives the same model. This module proves "nobody touched it"
instead of hashing the catalog:

* **The WAL insert position** (``pg_current_wal_insert_lsn()``) moves with every commit of a
  transaction that changed anything, in any database of the server, and with every in-place
  catalog update: no catalog change becomes visible without it moving. Taken before the read
  and found equal later, nothing has committed in between.
* **Nothing in flight.** A transaction can have written its commit record (the position has
  moved past it) and not yet be visible (a synchronous standby it waits for, say). So a read is
  remembered only when, after the position was taken and before the read's snapshot, no
  transaction holds a transaction ID: each holds the lock on its own ID until after it became
  visible (``pg_locks``; prepared transactions too). A snapshot cannot say this: its ``xmax`` is
  the last *completed* ID plus one, and a transaction with a later ID is in none of its lists.
* **The same server, and still there.** The read's own transaction, after its snapshot, says
  again where the server stands (:func:`~schemaforge.inspect.session.catalog_session`'s
  ``probe``): a read is kept only if that is the stamp's position on the same server, not in
  recovery. A pooler that sent the read to a lagging replica, or a write between the stamp and
  the snapshot, leaves nothing kept.
* **Everything else the read depends on** is in the key: the server (its start time: a restart,
  an upgrade, a restore or a failover changes it), the database's OID, the role, the server's
  version, ``lc_monetary`` (how a ``money`` constant prints; a configuration reload writes no
  WAL), the schemas in scope, the connection's identity without its secrets, schemaforge's
  version and the size and time of the code that reads and holds the model (a development
  checkout keeps its version string). The read's other output settings are pinned
  (:mod:`.inspect.session`), so the server's configuration cannot change its text.

A server where any of this cannot be asked (a standby, PostgreSQL before 10, a function the
role may not call, a position of ``0/0``) is always read. The file holds the schema as read
(no data, no password) in ``.forge/cache``, one per target; a stale one is refused on its
first line (:mod:`schemaforge.keyed_pickle`).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psycopg

from . import __version__
from .background import detach_at_exit
from .database.session import conninfo_dict
from .inspect.session import fetch, top_level
from .keyed_pickle import read_keyed, write_keyed
from .model import Database

FORMAT = 1

_POSITION_SQL = """
SELECT pg_catalog.pg_current_wal_insert_lsn()::text, pg_catalog.pg_postmaster_start_time()::text, d.oid::text,
       current_user::text, pg_catalog.current_setting('server_version_num'),
       pg_catalog.current_setting('lc_monetary')
FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()
"""
# parameters of a connection that hold a secret: never in a key or a file name
_SECRETS = frozenset({"password", "sslpassword"})
# asked after the position, in a statement of its own
_QUIET_SQL = "SELECT NOT EXISTS (SELECT FROM pg_catalog.pg_locks WHERE locktype = 'transactionid')"


@dataclass(frozen=True)
class Stamp:
    """Where the target's server stood before a read: ``key`` names the read (a file per target
    under ``name``); ``quiet``: no transaction held an ID after the position was taken, so the
    read that follows may be remembered under ``key``."""

    name: str
    key: str
    quiet: bool
    position: str  # the WAL insert position and the server's start time, as text
    started: str

    def confirmed_by(self, probe: Sequence) -> bool:
        """Whether the read's own transaction found the server where this stamp did: the same
        server, not in recovery, at the same position (see ``catalog_session``'s ``probe``)."""
        return list(probe) == [False, self.started, self.position]


def stamp(conn: psycopg.Connection, url: str, schemas: Sequence[str] | None, exclude: Sequence[str]) -> Stamp | None:
    """The stamp of a read about to start on ``conn`` (outside any transaction), or None when the
    server cannot tell (see the module's docstring). Each statement runs as a transaction of its
    own, whatever the role's default isolation: the locks are looked at after the position."""
    if not top_level(conn) or conn.info.server_version < 100000:
        return None
    before = conn.autocommit
    try:
        conn.autocommit = True
        position = fetch(conn, _POSITION_SQL)
        quiet = fetch(conn, _QUIET_SQL)
    except psycopg.Error:
        return None
    finally:
        if conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
            conn.autocommit = before
    if len(position) != 1 or len(quiet) != 1 or position[0][0] in (None, "0/0"):
        return None  # a server whose position does not move with its commits: nothing to go by
    who = sorted((k, v) for k, v in conninfo_dict(url).items() if k not in _SECRETS)
    name = _digest(repr(who))[:16]
    key = _digest(repr((FORMAT, __version__, _code(), position[0], who,
                        None if schemas is None else list(schemas), list(exclude))))
    return Stamp(name, key, bool(quiet[0][0]), position=position[0][0], started=position[0][1])


def recall(cache_dir: Path | None, at: Stamp | None) -> Database | None:
    """The model read at ``at``'s position, when the last read of this target was made there."""
    if cache_dir is None or at is None:
        return None
    found = read_keyed(_path(cache_dir, at), at.key)
    return found if isinstance(found, Database) else None


def remember(cache_dir: Path | None, at: Stamp | None, read: Database) -> None:
    """``read`` under ``at``, written when the command ends, if it may be (``at.quiet``)."""
    if cache_dir is not None and at is not None and at.quiet:
        detach_at_exit(write_keyed, _path(cache_dir, at), at.key, read)


def code_digest(root: Path) -> str:
    """The size and time of each file under ``root`` of the code that reads the catalog and holds
    its model (``inspect/``, ``model/``, this module)."""
    files = sorted([*root.glob("inspect/*.py"), *root.glob("model/*.py"), root / "catalog_cache.py"])
    stats = []
    for f in files:
        st = f.stat()
        stats.append((str(f.relative_to(root)), st.st_size, st.st_mtime_ns))
    return _digest(repr(stats))


@functools.cache
def _code() -> str:
    return code_digest(Path(__file__).parent)


def _path(cache_dir: Path, at: Stamp) -> Path:
    return Path(cache_dir) / f"catalog-{at.name}.pickle"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
