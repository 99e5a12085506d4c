"""Work started now and taken later: in a second process where that is safe, else a thread.

A plan reads the target's catalog while it loads the YAML. Both are Python work: on a thread
they take turns on the interpreter lock, and a 1,000-table plan waited ~0.35 s for the
catalog after its YAML was done. A forked child uses the machine's second core instead.

The child is only a way to get the same answer sooner. Its result comes back pickled; an
error it raised comes back only when it is a plain :class:`ForgeError` (an unreachable server
is one: raising it again here avoids waiting out a second connect timeout). Anything else —
another exception, a result that does not pickle, a child that dies — and the work is done
again here, in this process, so what the user sees is what the in-process path says.

A fork is used only when :func:`allow_processes` was called (the ``forge`` console entry point:
a fresh process of its own; not with ``FORGE_PROCESSES=0``) on Linux, with no other thread
running: a fork copies only the calling thread, and a lock another thread held would stay held
in the child forever.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from .errors import ForgeError

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")

_processes = False


def allow_processes(allowed: bool = True) -> None:
    """Let :func:`start` fork (the console entry point; never a library caller's process)."""
    global _processes
    _processes = allowed


def forking() -> bool:
    """Whether :func:`start` would fork now."""
    return _processes and sys.platform == "linux" and threading.active_count() == 1


class Pending(Generic[T]):
    """The answer of ``fn(*args)``, computed meanwhile; :meth:`result` waits for it."""

    def result(self) -> T:
        raise NotImplementedError


class _OnThread(Pending[T]):
    def __init__(self, fn: Callable[..., T], args: tuple) -> None:
        from concurrent.futures import Future  # ~5 ms of imports: only when a thread is used

        self._future: Future[T] = Future()
        # a daemon: an error in the caller's own work ends the process without waiting
        threading.Thread(target=self._run, args=(fn, args), name="forge-background", daemon=True).start()

    def _run(self, fn: Callable[..., T], args: tuple) -> None:
        try:
            self._future.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 (handed to the caller's thread, raised there)
            self._future.set_exception(exc)

    def result(self) -> T:
        return self._future.result()


# what the child sends: ("ok", result), ("error", ForgeError) or ("again", None)
_OK, _ERROR, _AGAIN = "ok", "error", "again"


class _InChild(Pending[T]):
    def __init__(self, fn: Callable[..., T], args: tuple) -> None:
        self._fn, self._args = fn, args
        read, write = os.pipe()
        try:
            self._pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            raise
        if self._pid == 0:  # the child: never returns
            os.close(read)
            _quiet()
            _child(write, fn, args)
        os.close(write)
        self._read = read
        # a parent that ends early (an error in the YAML) takes the child with it: it may be
        # waiting out a connect timeout
        atexit.register(self._stop)

    def _stop(self) -> None:
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)

    def result(self) -> T:
        with os.fdopen(self._read, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        atexit.unregister(self._stop)
        try:
            kind, value = pickle.loads(payload) if status == 0 else (_AGAIN, None)
        except Exception:  # noqa: BLE001 (a short or damaged payload: do the work here)
            kind, value = _AGAIN, None
        if kind == _OK:
            return value
        if kind == _ERROR:
            raise value
        return self._fn(*self._args)


def _child(write: int, fn: Callable, args: tuple) -> None:
    """Run ``fn`` and send its answer; leave through ``os._exit`` only, so none of the parent's
    exit handlers, buffered output or temporary files are touched twice."""
    code = 0
    try:
        try:
            payload = pickle.dumps((_OK, fn(*args)), protocol=pickle.HIGHEST_PROTOCOL)
        except ForgeError as exc:
            payload = _error_payload(exc)
        except BaseException:  # noqa: BLE001 (the parent does the work again and meets it itself)
            payload = pickle.dumps((_AGAIN, None))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
    except BaseException:  # noqa: BLE001 (a parent that stopped reading: nothing to tell)
        code = 1
    finally:
        os._exit(code)


def _quiet() -> None:
    """The child's standard streams on /dev/null: it prints nothing, and a caller reading the
    command's output through a pipe sees its end when the parent ends, not when the child does."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _error_payload(exc: ForgeError) -> bytes:
    """A plain ForgeError as is; a subclass may carry what pickling loses: done again there."""
    if type(exc) is ForgeError:
        return pickle.dumps((_ERROR, ForgeError(exc.message, hint=exc.hint)))
    return pickle.dumps((_AGAIN, None))


def start(fn: Callable[..., T], *args, child: bool = True) -> Pending[T]:
    """``fn(*args)`` started now: in a child process when :func:`forking` (and ``child``: the
    caller knows whether its own work meanwhile is worth the result's pickling), else on a thread."""
    if child and forking():
        try:
            return _InChild(fn, args)
        except OSError:  # no fork here (a sandbox, a process limit): the thread does the same
            pass
    return _OnThread(fn, args)


def detach(fn: Callable[..., object], *args) -> None:
    """``fn(*args)`` for its side effect only, which nobody waits for (a cache file written
    atomically): in a child left to finish on its own when :func:`forking`, else right here."""
    try:
        pid = os.fork() if forking() else None
    except OSError:  # no fork here: done right here, as without
        pid = None
    if pid is None:
        fn(*args)
        return
    if pid == 0:
        code = 0
        try:
            _quiet()
            fn(*args)
        except BaseException:  # noqa: BLE001 (a cache not written is only a slower next run)
            code = 1
        finally:
            os._exit(code)


def detach_at_exit(fn: Callable[..., object], *args) -> None:
    """:func:`detach` when this process ends (an ``atexit`` handler, run before the output is
    flushed and the process leaves), not now; without :func:`forking`, right here as ``detach``.

    A fork in the middle of the work costs this process a copy of every memory page it touches
    afterwards, and reference counts touch nearly all of them: the YAML model's cache written
    from a child forked mid-plan cost a 1,000-table plan ~0.02-0.04 s. At exit nothing more is
    touched. Whether to fork is decided then: a thread running now (a read ahead that has just
    handed over its answer) has ended by then, and the work is not done here meanwhile."""
    if not (_processes and sys.platform == "linux"):
        fn(*args)
        return
    import atexit

    atexit.register(detach, fn, *args)
