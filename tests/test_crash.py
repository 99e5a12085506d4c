"""A killed `forge apply` can simply be run again (SPEC §5): killed at points it was observed to reach.

A real ``forge apply`` runs as a child process with ``FORGE_TEST_PAUSE_AT=<Event>#n``: it says
on stderr when it reaches the n-th such runner event and waits there; the test kills it with
SIGKILL at that moment. The points: inside a migration's transaction (``StatementRan``: a
statement ran, its step not committed), after a concurrent index build finished but before it
was recorded, between two migrations (``MigrationApplied``), and mid-index-build (a ``CREATE
INDEX CONCURRENTLY`` seen waiting in ``pg_stat_activity`` on a lock the test holds). After each
kill the history and the schema must agree (no half migration recorded, none applied twice),
and the next ``forge apply`` must finish at the expected schema.

The child connects with ``client_connection_check_interval`` so the server ends the dead
client's statement as soon as it is killed, as a server would notice a dropped connection.
"""

from __future__ import annotations

import io
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import psutil
import psycopg
import pytest
from rich.console import Console

from schemaforge.cli.context import UI
from schemaforge.cli.reporter import ConsoleReporter
from schemaforge.config import load_config
from schemaforge.database import embedded
from schemaforge.database.session import EMPTY_DATABASE, Server
from schemaforge.migrations import runner
from tests.conftest import query, stop_embedded

ONE = """-- schemaforge migration
-- version: 20260101000001
-- name: one

-- +up
CREATE TABLE log (entry text NOT NULL);
CREATE TABLE t1 (id int);
INSERT INTO t1 SELECT generate_series(1, 1000);
INSERT INTO log VALUES ('one');

-- +down
DROP TABLE t1;
DROP TABLE log;
"""

TWO = """-- schemaforge migration
-- version: 20260101000002
-- name: two

-- +up
-- +step transaction
CREATE TABLE t2 (id int);
INSERT INTO log VALUES ('two.1');

-- +step no-transaction
CREATE INDEX CONCURRENTLY t1_id_idx ON t1 (id);

-- +step transaction
ALTER TABLE t2 ADD COLUMN note text;
INSERT INTO log VALUES ('two.3');

-- +down
-- +step transaction
ALTER TABLE t2 DROP COLUMN note;

-- +step no-transaction
DROP INDEX CONCURRENTLY t1_id_idx;

-- +step transaction
DROP TABLE t2;
"""

THREE = """-- schemaforge migration
-- version: 20260101000003
-- name: three

-- +up
INSERT INTO log VALUES ('three');
CREATE TABLE t3 (id int);

-- +down
DROP TABLE t3;
"""

FILES = {"20260101000001_one.sql": ONE, "20260101000002_two.sql": TWO, "20260101000003_three.sql": THREE}
STEPS = {"one": 1, "two": 3, "three": 1}
LOG = {("one", 1): "one", ("two", 1): "two.1", ("two", 3): "two.3", ("three", 1): "three"}
WAIT = 60  # seconds: a bound on waiting for something the test expects to happen, never a guess at timing


@pytest.fixture
def crash_project(project):
    for name, text in FILES.items():
        project.write(f"migrations/{name}", text)
    assert project.forge("rehash").exit_code == 0
    return project


# --- driving a real forge apply -------------------------------------------------------------------


class Child:
    """``forge apply`` in a subprocess; its stderr lines are read as they come."""

    def __init__(self, project, pause_at: str | None, *args: str, url: str | None = None):
        env = {**os.environ, "DATABASE_URL": url or project.db_url, "NO_COLOR": "1", "CI": "1", "COLUMNS": "200",
               "PGOPTIONS": "-c client_connection_check_interval=50"}
        env.pop("FORGE_TEST_PAUSE_AT", None)
        if pause_at:
            env["FORGE_TEST_PAUSE_AT"] = pause_at
        self.proc = subprocess.Popen([sys.executable, "-m", "schemaforge", *(args or ("apply",))], cwd=project.root, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.what = "forge " + " ".join(args or ("apply",))
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def paused(self) -> bool:
        """Wait until the child says it paused (True) or exits without pausing (False)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if line is None:
                assert self.proc.wait(WAIT) == 0, f"{self.what} failed:\n" + "\n".join(self.seen)
                return False
            self.seen.append(line)
            if line.startswith("forge-test: paused at "):
                return True
        self.kill()
        raise AssertionError(f"{self.what} neither paused nor finished:\n" + "\n".join(self.seen))

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        assert self.proc.wait(WAIT) == -signal.SIGKILL


def apply_sessions(url: str) -> list[tuple]:
    return query(url, "SELECT pid, state, wait_event_type, query FROM pg_stat_activity "
                      "WHERE application_name = 'schemaforge apply' AND datname = current_database()")


def until(condition, what: str):
    """Poll ``condition`` until it returns something truthy (observing, not guessing a delay)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def session_gone(url: str) -> None:
    """The killed child's server session has ended (the server noticed the dropped client)."""
    until(lambda: not apply_sessions(url), "the killed forge apply's session to end")


def kill_at(project, point: str) -> bool:
    """Run forge apply, kill it when it pauses at ``point``; False if it finished before reaching it."""
    child = Child(project, point)
    if not child.paused():
        return False
    child.kill()
    session_gone(project.db_url)
    return True


def kill_mid_index_build(project) -> None:
    """Kill forge apply while its CREATE INDEX CONCURRENTLY waits for a writer the test holds open.

    The build has committed its (INVALID) catalog entry and waits for older writers of the
    table; the killed client's session ends there, leaving the INVALID index behind.
    """
    with psycopg.connect(project.db_url) as writer:
        writer.execute("LOCK TABLE t1 IN ROW EXCLUSIVE MODE")  # an open writer transaction
        child = Child(project, None)
        until(lambda: [s for s in apply_sessions(project.db_url)
                       if s[3].startswith("CREATE INDEX CONCURRENTLY") and s[2] == "Lock"],
              "CREATE INDEX CONCURRENTLY to wait on the writer")
        assert index_state(project.db_url) == "invalid"  # the build has started
        child.kill()
        session_gone(project.db_url)
        writer.rollback()


def apply_in_process(project, to: str | None = None) -> list[str]:
    """A second ``forge apply`` (the runner in-process, time frozen): the lines it prints."""
    err = io.StringIO()
    ui = UI(out=Console(file=io.StringIO(), no_color=True), err=Console(file=err, no_color=True, soft_wrap=True))

    class Frozen:
        def monotonic(self) -> float:
            return 0.0

        def sleep(self, seconds: float) -> None:
            raise AssertionError(f"unexpected lock retry ({seconds} s)")

    runner.apply(load_config(cwd=project.root), project.db_url, ConsoleReporter(ui), to=to, clock=Frozen())
    return err.getvalue().splitlines()


# --- what the database says -----------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    done: dict[str, int]  # migration name -> steps done, by the history and the progress table
    log: list[str]
    tables: list[str]
    note: bool  # t2.note exists
    index: str  # t1_id_idx: absent | invalid | valid
    t1_rows: int


def index_state(url: str) -> str:
    rows = query(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('t1_id_idx')")
    return "absent" if not rows else ("valid" if rows[0][0] else "invalid")


def look(url: str) -> Seen:
    done = dict.fromkeys(STEPS, 0)
    if query(url, "SELECT to_regclass('schemaforge.migrations')") != [(None,)]:
        history = [r[0] for r in query(url, "SELECT name FROM schemaforge.migrations")]
        progress = query(url, "SELECT name, steps_done, statements_done FROM schemaforge.migration_progress")
        assert not set(history) & {p[0] for p in progress}, (history, progress)
        assert all(p[2] == 0 for p in progress), progress  # the only no-transaction step has one statement
        done |= {name: STEPS[name] for name in history} | {p[0]: p[1] for p in progress}
    tables = [r[0] for r in query(url, "SELECT relname::text FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                                       "AND relkind = 'r' ORDER BY 1")]
    return Seen(
        done=done,
        log=[r[0] for r in query(url, "SELECT entry FROM log ORDER BY entry")] if "log" in tables else [],
        tables=tables,
        note=query(url, "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass('t2') "
                        "AND attname = 'note' AND NOT attisdropped") == [(1,)],
        index=index_state(url),
        t1_rows=query(url, "SELECT count(*) FROM t1")[0][0] if "t1" in tables else 0,
    )


def assert_agree(seen: Seen, *, context: str = "") -> None:
    """The schema holds exactly the steps the history and progress tables say are done, once each."""
    done = seen.done
    expected_log = sorted(entry for (name, step), entry in LOG.items() if done[name] >= step)
    expected_tables = sorted([*(["log", "t1"] if done["one"] else []), *(["t2"] if done["two"] else []),
                              *(["t3"] if done["three"] else [])])
    assert seen.log == expected_log, context
    assert seen.tables == expected_tables, context
    assert seen.note == (done["two"] >= 3), context
    assert seen.t1_rows == (1000 if done["one"] else 0), context
    if done["two"] >= 2:
        assert seen.index == "valid", context
    elif done["two"] == 1:  # a killed build leaves nothing, an INVALID index, or a valid unrecorded one
        assert seen.index in ("absent", "invalid", "valid"), context
    else:
        assert seen.index == "absent", context


def assert_complete(url: str) -> None:
    seen = look(url)
    assert seen.done == STEPS
    assert_agree(seen)
    assert seen.index == "valid"


# --- deterministic points (the default run) -------------------------------------------------------


def test_killed_inside_a_migration_transaction_leaves_no_trace_of_it(crash_project):
    # statement 3 of the run: one's third statement ran, its (only) transaction is still open
    assert kill_at(crash_project, "StatementRan#3")
    seen = look(crash_project.db_url)
    assert seen.done == {"one": 0, "two": 0, "three": 0}
    assert_agree(seen)
    assert apply_in_process(crash_project) == ["  ✓ 20260101000001_one.sql (0 ms)",
                                               "  ✓ 20260101000002_two.sql (0 ms)",
                                               "  ✓ 20260101000003_three.sql (0 ms)"]
    assert_complete(crash_project.db_url)


def test_killed_inside_the_last_step_of_a_stepped_migration(crash_project):
    # statement 9 of the run: the last statement of two's last step ran; its history row is next
    assert kill_at(crash_project, "StatementRan#9")
    seen = look(crash_project.db_url)
    assert seen.done == {"one": 1, "two": 2, "three": 0}
    assert_agree(seen)
    assert apply_in_process(crash_project) == [
        "  resuming 20260101000002_two.sql at step 3 of 3 (partially applied: step 2 of 3 done)",
        "  ✓ 20260101000002_two.sql (0 ms)",
        "  ✓ 20260101000003_three.sql (0 ms)",
    ]
    assert_complete(crash_project.db_url)


def test_killed_between_migrations_keeps_the_committed_one(crash_project):
    assert kill_at(crash_project, "MigrationApplied#1")
    seen = look(crash_project.db_url)
    assert seen.done == {"one": 1, "two": 0, "three": 0}
    assert_agree(seen)
    assert apply_in_process(crash_project) == ["  ✓ 20260101000002_two.sql (0 ms)",
                                               "  ✓ 20260101000003_three.sql (0 ms)"]
    assert_complete(crash_project.db_url)


def test_killed_mid_index_build_resumes_and_builds_the_index_again(crash_project):
    assert crash_project.forge("apply", "--to", "20260101000001").exit_code == 0
    kill_mid_index_build(crash_project)
    seen = look(crash_project.db_url)
    assert seen.done == {"one": 1, "two": 1, "three": 0}
    assert seen.index == "invalid"
    assert_agree(seen)
    assert apply_in_process(crash_project) == [
        "  resuming 20260101000002_two.sql at step 2 of 3 (partially applied: step 1 of 3 done)",
        "  dropped invalid index public.t1_id_idx left by an earlier failed run",
        "  ✓ 20260101000002_two.sql (0 ms)",
        "  ✓ 20260101000003_three.sql (0 ms)",
    ]
    assert_complete(crash_project.db_url)


def test_killed_after_an_index_was_built_but_before_it_was_recorded(crash_project):
    # statement 7 of the run: CREATE INDEX CONCURRENTLY finished, its progress row is next
    assert kill_at(crash_project, "StatementRan#7")
    seen = look(crash_project.db_url)
    assert seen.done == {"one": 1, "two": 1, "three": 0}
    assert seen.index == "valid"
    assert_agree(seen)
    assert apply_in_process(crash_project) == [
        "  resuming 20260101000002_two.sql at step 2 of 3 (partially applied: step 1 of 3 done)",
        "  index t1_id_idx exists and is valid: done by the run that stopped, not run again",
        "  ✓ 20260101000002_two.sql (0 ms)",
        "  ✓ 20260101000003_three.sql (0 ms)",
    ]
    assert_complete(crash_project.db_url)


# --- killed during rollback, during sync, and the server itself killed ----------------------------

ROLL_BACK_TO_ONE = ("rollback", "--to", "20260101000001", "--allow-destructive")


def history_names(url: str) -> list[str]:
    return [r[0] for r in query(url, "SELECT name FROM schemaforge.migrations ORDER BY 1")]


def test_killed_during_rollback_inside_a_transaction_keeps_the_migration(crash_project):
    url = crash_project.db_url
    apply_in_process(crash_project)
    # statement 1 of the rollback: three's DROP TABLE t3 ran, its transaction still open
    child = Child(crash_project, "StatementRan#1", *ROLL_BACK_TO_ONE)
    assert child.paused()
    child.kill()
    session_gone(url)
    assert history_names(url) == ["one", "three", "two"]
    assert_complete(url)
    assert crash_project.forge(*ROLL_BACK_TO_ONE).exit_code == 0
    assert history_names(url) == ["one"]
    assert look(url).tables == ["log", "t1"]
    assert index_state(url) == "absent"


def test_killed_during_rollback_after_an_index_was_dropped_but_not_recorded(crash_project):
    url = crash_project.db_url
    apply_in_process(crash_project)
    # statement 3 of the rollback: two's DROP INDEX CONCURRENTLY ran (its own step), not yet recorded
    child = Child(crash_project, "StatementRan#3", *ROLL_BACK_TO_ONE)
    assert child.paused()
    child.kill()
    session_gone(url)
    assert history_names(url) == ["one", "two"]
    assert query(url, "SELECT name, direction, steps_done, statements_done FROM schemaforge.migration_progress") == [
        ("two", "down", 1, 0)]
    assert index_state(url) == "absent"
    assert query(url, "SELECT to_regclass('t2') IS NOT NULL, to_regclass('t3')") == [(True, None)]
    res = crash_project.forge(*ROLL_BACK_TO_ONE)
    assert res.exit_code == 0, res.output
    assert "index t1_id_idx is gone" in res.output
    assert history_names(url) == ["one"]
    assert query(url, "SELECT count(*) FROM schemaforge.migration_progress") == [(0,)]
    assert query(url, "SELECT to_regclass('t2'), to_regclass('t1')::text") == [(None, "t1")]


SYNCED = """
entities:
  a:
    columns:
      id: { type: bigint, primary: true }
"""
SYNC_MORE = """
entities:
  a:
    columns:
      id: { type: bigint, primary: true }
  b:
    columns:
      id: { type: bigint, primary: true }
      a_id: { type: bigint, references: a.id }
"""


def test_killed_during_sync_changes_nothing_and_sync_runs_again(project):
    url = project.db_url
    with (project.root / "pyproject.toml").open("a") as f:
        f.write('lock_timeout = "60s"\n')  # the sync waits on the test's lock until killed, not fails
    project.schema(SYNCED)
    assert project.forge("sync").exit_code == 0
    project.schema(SYNC_MORE)
    with psycopg.connect(url) as reader:
        # an open writer of a: table b is created, then its foreign key to a waits, all in sync's transaction
        reader.execute("LOCK TABLE a IN ROW EXCLUSIVE MODE")
        child = Child(project, None, "sync")
        until(lambda: query(url, "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                                 "AND application_name = 'schemaforge' AND wait_event_type = 'Lock'"),
              "forge sync to wait on the test's lock, inside its transaction")
        child.kill()
        reader.rollback()  # the dead client's statement goes on, then its session finds the client gone
    until(lambda: not query(url, "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                                 "AND application_name = 'schemaforge'"), "the killed sync's session to end")
    tables = "SELECT relname::text FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1"
    columns = "SELECT attname::text FROM pg_attribute WHERE attrelid = 'a'::regclass AND attnum > 0 AND NOT attisdropped"
    assert query(url, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'") == [(0,)]
    assert query(url, tables) == [("a",)]
    assert query(url, columns) == [("id",)]
    res = project.forge("sync")
    assert res.exit_code == 0, res.output
    assert query(url, tables) == [("a",), ("b",)]
    assert query(url, columns) == [("id",)]
    assert query(url, "SELECT conname::text FROM pg_constraint WHERE conrelid = 'b'::regclass AND contype = 'f'") == [
        ("b_a_id_fkey",)]


def postmaster_pid(data_dir) -> int:
    return int((data_dir / "postmaster.pid").read_text().split("\n", 1)[0])


def test_server_killed_after_a_migration_was_reported_applied_keeps_it(crash_project, server_dir):
    """SIGKILL of the postmaster of a server the test started, once forge apply said one was applied.

    ``wal_writer_delay`` is long so that a commit that did not wait for its WAL flush (an
    asynchronous commit) would reliably be lost with the server: the history row must survive.
    """
    data = server_dir / "pg"
    server = Server(embedded.ensure_server(data, {"wal_writer_delay": "10000"}))
    try:
        server.create_database("crash")
        url = server.url_for("crash")
        child = Child(crash_project, "MigrationApplied#1", url=url)
        assert child.paused()  # "✓ 20260101000001_one.sql" was reported
        pid = postmaster_pid(data)
        os.kill(pid, signal.SIGKILL)
        child.kill()
        until(lambda: not psutil.pid_exists(pid), "the killed postmaster to be gone")
        url = Server(embedded.ensure_server(data)).url_for("crash")  # restart: crash recovery
        assert history_names(url) == ["one"]
        assert query(url, "SELECT entry FROM log") == [("one",)]
        res = Child(crash_project, None, url=url)
        assert res.proc.wait(WAIT) == 0
        assert_complete(url)
    finally:
        stop_embedded(data)


# --- random points (the slow run) -----------------------------------------------------------------

# kind of point -> which occurrence in the run (a run resumed part-way has fewer to reach)
POINTS = {"MigrationStarted": range(1, 4), "StatementRan": range(1, 12), "MigrationApplied": range(1, 3),
          "index-build": range(1)}
TRIALS = 24


@pytest.mark.slow
def test_killing_apply_at_random_observed_points_never_leaves_a_half_migration(crash_project):
    seed = int(os.environ.get("FORGE_CRASH_SEED", "20260101"))
    print(f"crash trials: FORGE_CRASH_SEED={seed}")
    rng = random.Random(seed)
    url = crash_project.db_url
    kinds: dict[str, int] = {}
    for trial in range(TRIALS):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(EMPTY_DATABASE)
        kills = []
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(sorted(POINTS))
            point = kind if kind == "index-build" else f"{kind}#{rng.choice(POINTS[kind])}"
            context = f"seed {seed}, trial {trial}, kills {kills + [point]}"
            if point == "index-build":
                if not look(url).done["one"]:
                    apply_in_process(crash_project, to="20260101000001")  # the build needs t1
                seen = look(url)
                if seen.done["two"] >= 2 or seen.index != "absent":
                    continue  # the build is done, or a killed one left its index
                kill_mid_index_build(crash_project)
            elif not kill_at(crash_project, point):
                kills.append(point + " (finished first)")
                break
            kills.append(point)
            kinds[kind] = kinds.get(kind, 0) + 1
            assert_agree(look(url), context=context)
        apply_in_process(crash_project)
        assert_complete(url)
        print(f"trial {trial}: {kills}")
    print(f"kills by point: {dict(sorted(kinds.items()))}")
    assert sum(kinds.values()) >= 20


SERVER_TRIALS = 20


@pytest.mark.slow
def test_killing_the_server_at_random_observed_points_loses_nothing_reported(crash_project, server_dir):
    """The embedded server SIGKILLed at random points of an apply; after recovery history and schema agree,
    every migration reported applied is still there, and a re-run finishes."""
    seed = int(os.environ.get("FORGE_CRASH_SEED", "20260101"))
    rng = random.Random(seed)
    data = server_dir / "pg"
    Server(embedded.ensure_server(data, {"wal_writer_delay": "10000"})).create_database("crash")
    try:
        for trial in range(SERVER_TRIALS):
            url = Server(embedded.ensure_server(data, {"wal_writer_delay": "10000"})).url_for("crash")
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(EMPTY_DATABASE)
            kind = rng.choice(["MigrationApplied", "StatementRan"])
            n = rng.choice(range(1, 3) if kind == "MigrationApplied" else range(1, 12))
            child = Child(crash_project, f"{kind}#{n}", url=url)
            assert child.paused()
            pid = postmaster_pid(data)
            os.kill(pid, signal.SIGKILL)
            child.kill()
            until(lambda pid=pid: not psutil.pid_exists(pid), "the killed postmaster to be gone")
            url = Server(embedded.ensure_server(data, {"wal_writer_delay": "10000"})).url_for("crash")
            seen = look(url)
            context = f"seed {seed}, trial {trial}, server killed at {kind}#{n}"
            assert_agree(seen, context=context)
            if kind == "MigrationApplied":  # the n-th migration was reported applied: it must be there
                assert seen.done[["one", "two", "three"][n - 1]] == STEPS[["one", "two", "three"][n - 1]], context
            assert Child(crash_project, None, url=url).proc.wait(WAIT) == 0, context
            assert_complete(url)
            print(f"trial {trial}: {kind}#{n}: {seen.done}")
    finally:
        stop_embedded(data)


def assert_agree_down(url: str, context: str) -> None:
    """During ``rollback --to 1`` (three, then two's three down steps): schema and history agree."""
    names = set(history_names(url))
    progress = dict(query(url, "SELECT name, steps_done FROM schemaforge.migration_progress WHERE direction = 'down'"))
    exists = dict(query(url, "SELECT 't2', to_regclass('t2') IS NOT NULL UNION ALL "
                             "SELECT 't3', to_regclass('t3') IS NOT NULL"))
    assert "one" in names and exists["t3"] == ("three" in names), context
    if "two" not in names:
        assert not exists["t2"] and index_state(url) == "absent" and not progress, context
        return
    k = progress.get("two", 0)
    assert exists["t2"], context
    note = query(url, "SELECT count(*) FROM pg_attribute WHERE attrelid = 't2'::regclass AND attname = 'note' "
                      "AND NOT attisdropped") == [(1,)]
    assert note == (k == 0), context
    assert index_state(url) in {0: ("valid",), 1: ("valid", "absent")}.get(k, ("absent",)), context


@pytest.mark.slow
def test_killing_rollback_at_random_observed_points(crash_project):
    seed = int(os.environ.get("FORGE_CRASH_SEED", "20260101"))
    rng = random.Random(seed)
    url = crash_project.db_url
    for trial in range(TRIALS):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(EMPTY_DATABASE)
        apply_in_process(crash_project)
        kills = []
        for _ in range(rng.randint(1, 2)):
            point = f"StatementRan#{rng.choice(range(1, 5))}"
            child = Child(crash_project, point, *ROLL_BACK_TO_ONE)
            if not child.paused():
                kills.append(point + " (finished first)")
                break
            child.kill()
            session_gone(url)
            kills.append(point)
            assert_agree_down(url, f"seed {seed}, trial {trial}, kills {kills}")
        res = crash_project.forge(*ROLL_BACK_TO_ONE)
        assert res.exit_code == 0, res.output
        assert history_names(url) == ["one"] and index_state(url) == "absent"
        assert query(url, "SELECT to_regclass('t2'), to_regclass('t3')") == [(None, None)]
        print(f"trial {trial}: {kills}")
