"""``forge`` ends without tearing down its heap (cli.main.leave), and loses nothing by it.

Each case runs the console entry point in a process of its own, with an exit handler that
writes to stdout without flushing and a module-level object whose ``__del__`` (run only by
Python's teardown) leaves a file: the fast exit runs the handler, delivers its output and the
exit code, and skips the teardown; under a tracer or beside another thread, Python exits as usual.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from schemaforge import __version__

SCRIPT = """
import atexit, gc, os, sys, threading, time

gc.freeze = lambda: None  # a frozen object is never finalized, even by a normal teardown

class Finalized:  # what it needs is bound now: module globals may be gone when it runs
    def __init__(self, path):
        self.path = path

    def __del__(self, _open=os.open, _write=os.write, _close=os.close, _flags=os.O_CREAT | os.O_WRONLY):
        fd = _open(self.path, _flags)
        _write(fd, b"ran")
        _close(fd)

KEEP = Finalized(os.path.join(sys.argv[1], "teardown"))
atexit.register(lambda: sys.stdout.write("exit handler ran\\n"))  # buffered: only a flush delivers it
if sys.argv[2] == "traced":
    sys.settrace(lambda *a: None)
elif sys.argv[2] == "thread":
    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
sys.argv = ["forge", *sys.argv[3:]]
from schemaforge.cli.main import main
main()
"""


def _forge(tmp_path: Path, how: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout kept in a buffer
    return subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), how, *args],
                          capture_output=True, text=True, timeout=120, env=env)


def test_fast_exit_runs_exit_handlers_flushes_and_skips_the_teardown(tmp_path):
    res = _forge(tmp_path, "plain", "--version")
    assert res.returncode == 0, res.stderr
    assert res.stdout == f"forge, version {__version__}\nexit handler ran\n"
    assert not (tmp_path / "teardown").exists()


def test_fast_exit_keeps_the_exit_code_and_the_error(tmp_path):
    res = _forge(tmp_path, "plain", "no-such-command")
    assert res.returncode == 2
    assert "No such command 'no-such-command'" in res.stderr
    assert res.stdout == "exit handler ran\n"
    assert not (tmp_path / "teardown").exists()


@pytest.mark.parametrize("how", ["traced", "thread"])
def test_python_exits_as_usual_under_a_tracer_or_beside_a_thread(tmp_path, how):
    res = _forge(tmp_path, how, "--version")
    assert res.returncode == 0, res.stderr
    assert res.stdout == f"forge, version {__version__}\nexit handler ran\n"
    assert (tmp_path / "teardown").read_text() == "ran"
