"""Locks that others wait on: the deploy lock's wait has a deadline, and forge generate holds the
migrations-folder lock only to write.

The deploy-lock wait has a deadline (``--lock-wait`` / ``lock_wait``): on expiry the run stops with
exit 1 and names the session holding the lock.

The lock is held by a test connection. In-process runs use a fake clock (time moves only when the
runner sleeps), so the deadline is exact; the command-line run is a real ``forge apply`` whose
stderr is read line by line: its "waiting" line is observed before its deadline error.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from rich.console import Console

from schemaforge.cli.context import UI
from schemaforge.cli.reporter import ConsoleReporter
from schemaforge.config import load_config
from schemaforge.errors import ForgeError
from schemaforge.migrations import runner
from schemaforge.migrations.locking import LOCK_KEY
from tests.conftest import ok, query
from tests.test_crash import Child
from tests.test_online import FakeClock

POST = """
entities:
  Post:
    columns:
      id: { type: bigint, primary: true }
"""
HOLDER_APP = "deploy [bold]holder[/]"  # markup in a name the error repeats: printed as it is


@pytest.fixture
def held(project) -> Iterator[psycopg.Connection]:
    """A pending migration, and the deploy lock held by another session (application_name HOLDER_APP)."""
    project.schema(POST)
    ok(project.forge("generate", "init"))
    with psycopg.connect(project.db_url, autocommit=True, application_name=HOLDER_APP) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        yield conn


def holder(conn: psycopg.Connection) -> tuple[int, str, str]:
    """(pid, user, connected since) of the holding session, as the error prints them."""
    return conn.execute("SELECT pg_backend_pid(), current_user, to_char(backend_start AT TIME ZONE 'UTC', "
                        "'YYYY-MM-DD HH24:MI:SS \"UTC\"') FROM pg_stat_activity WHERE pid = pg_backend_pid()").fetchone()


def expected_error(conn: psycopg.Connection, wait: str) -> str:
    pid, user, since = holder(conn)
    return (f"the deploy lock is still held after waiting {wait} (--lock-wait): session pid {pid} (application_name "
            f"{HOLDER_APP!r}, user {user}, connected since {since}, now idle) holds it")


def apply_in_process(project, clock: FakeClock, lock_wait: str) -> tuple[list[str], ForgeError | None]:
    err = io.StringIO()
    ui = UI(out=Console(file=io.StringIO(), no_color=True, highlight=False, soft_wrap=True),
            err=Console(file=err, no_color=True, highlight=False, soft_wrap=True))
    config = load_config(cwd=project.root)
    try:
        runner.apply(replace(config, lock_wait=lock_wait), project.db_url, ConsoleReporter(ui), clock=clock)
    except ForgeError as exc:
        return err.getvalue().splitlines(), exc
    return err.getvalue().splitlines(), None


def test_the_wait_ends_at_its_deadline_naming_the_holder(project, held):
    clock = FakeClock()
    lines, failure = apply_in_process(project, clock, "1")
    assert lines == ["waiting up to 1 s for another forge apply to finish..."]
    assert failure is not None and failure.message == expected_error(held, "1 s")
    pid = holder(held)[0]
    assert failure.hint == (
        "if that deploy is still running, let it finish and run again (or wait longer with --lock-wait, e.g. "
        f"--lock-wait 1h or --lock-wait forever); if it is left over (a killed deploy, an open psql), end it with "
        f"SELECT pg_terminate_backend({pid}); a migration it left part-way resumes on the next forge apply")
    # polls as before, the last one cut to end exactly at the deadline, then no more
    assert clock.waits == [0.05, 0.1, 0.2, 0.25, 0.25, pytest.approx(0.15)]
    assert query(project.db_url, "SELECT to_regclass('public.post')") == [(None,)]


def test_a_lock_released_within_the_deadline_is_taken(project, held):
    clock = FakeClock(on_sleep=lambda n: held.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY]) if n == 3 else None)
    lines, failure = apply_in_process(project, clock, "15min")
    assert failure is None
    assert lines[0] == "waiting up to 15min for another forge apply to finish..."
    name = next((project.root / "migrations").glob("*_init.sql")).name
    assert lines[1:] == [f"  ✓ {name} (0 ms)"]  # the fake clock does not move while it runs
    assert clock.waits == [0.05, 0.1, 0.2]


def test_forever_waits_without_a_deadline(project, held):
    clock = FakeClock(on_sleep=lambda n: held.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY]) if n == 40 else None)
    lines, failure = apply_in_process(project, clock, "forever")
    assert failure is None and lines[0] == "waiting for another forge apply to finish..."
    assert len(clock.waits) == 40 and sum(clock.waits) > 9  # well past any small deadline


def test_forge_apply_lock_wait_on_the_command_line(project, held):
    """A real ``forge apply --lock-wait 1``: the waiting line comes first (read as it is printed), then,
    a second later, the error naming the holder, and exit 1."""
    child = Child(project, None, "apply", "--lock-wait", "1")
    first = child.lines.get(timeout=60)
    assert first == "waiting up to 1 s for another forge apply to finish..."
    assert child.proc.wait(60) == 1
    rest = []
    while (line := child.lines.get(timeout=60)) is not None:
        rest.append(line)
    assert rest[0] == "error: " + expected_error(held, "1 s")
    assert rest[1].startswith("  hint: if that deploy is still running")
    assert len(rest) == 2


def test_rollback_lock_wait_and_a_bad_value(project, held):
    res = project.forge("rollback", "--lock-wait", "0")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[:2] == ["waiting up to 0 s for another forge apply to finish...",
                                           "error: " + expected_error(held, "0 s")]
    res = project.forge("apply", "--lock-wait", "soon")
    assert res.exit_code == 2
    assert "Invalid value for '--lock-wait': 'soon' is not a duration: write a number of seconds" in res.stderr
    project.write("pyproject.toml", '[tool.schemaforge]\nlock_wait = "2 weeks"\n')
    res = project.forge("apply")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0].endswith("pyproject.toml: lock_wait = '2 weeks' is not a duration")


# --- forge generate: plan and consent first, the folder lock only to write ---------------------------


@contextlib.contextmanager
def folder_locked(directory: Path) -> Iterator[None]:
    """The migrations-folder lock, held as another forge generate would hold it."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def test_generate_asks_consent_without_the_folder_lock(project):
    """A refused destructive change ends at once while another generate holds the folder."""
    project.schema(POST + "      title: { type: text }\n")
    ok(project.forge("generate", "init"))
    ok(project.forge("apply"))
    project.schema(POST)
    with folder_locked(project.root / "migrations"):
        res = project.forge("generate", "drop_title")  # would wait forever if it asked under the lock
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == "error: the migration would lose data (1 destructive change):"
    assert [p.name.split("_", 1)[1] for p in (project.root / "migrations").glob("*.sql")] == ["init.sql"]


@pytest.mark.parametrize("meanwhile", ["folder", "database"])
def test_generate_rechecks_under_the_lock_and_stops_if_its_plan_is_stale(project, meanwhile):
    """The generate plans, then waits for the folder lock (its waiting line is observed); the folder or
    the database changes meanwhile; once it has the lock it sees that and writes nothing."""
    project.schema(POST)
    mdir = project.root / "migrations"
    with folder_locked(mdir):
        child = Child(project, None, "generate", "add_post")
        first = child.lines.get(timeout=60)
        assert first == f"waiting for another forge generate in {mdir} to finish..."  # it has planned
        if meanwhile == "folder":
            project.write("migrations/20200101000000_other.sql", "-- +up\nSELECT 1;\n-- +down\n")
        else:
            with psycopg.connect(project.db_url, autocommit=True) as conn:
                conn.execute("CREATE TABLE other (x int)")
    assert child.proc.wait(60) == 1
    rest = []
    while (line := child.lines.get(timeout=60)) is not None:
        rest.append(line)
    if meanwhile == "folder":
        assert rest == [f"error: the migrations folder {mdir} changed while this forge generate was planning "
                        "(another generate wrote a migration, or a file was edited): nothing written",
                        "  hint: run forge generate again: it plans against the folder as it is now"]
    else:
        assert rest == ["error: the database changed while this forge generate was planning: nothing written",
                        "  hint: run forge generate again: it plans against the database as it is now"]
    assert not list(mdir.glob("*_add_post.sql"))
