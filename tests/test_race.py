"""Racing deploys (SPEC §5): many ``forge apply`` and a ``forge rollback`` at once, as real processes.

The migrations build an index with ``CREATE INDEX CONCURRENTLY``, which waits for every
transaction that holds a snapshot. A run waiting for the deploy lock must hold none, or the
run holding the lock would wait for it while it waits for the lock: a deadlock. Each
migration writes a row to a log table (created by the test, outside the migrations) when it
is applied and when it is rolled back, so the log tells exactly how often each ran: per
migration, ups and downs alternate, starting with an up, and the history has it exactly when
the last entry is an up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import psycopg
import pytest

from schemaforge.migrations.locking import LOCK_KEY
from tests.conftest import ok, query, run_sql

ONE = """-- schemaforge migration
-- version: 20260101000001
-- name: one

-- +up
CREATE TABLE t (id int NOT NULL, note text);
INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 20000) g;
INSERT INTO race_log (entry) VALUES ('up one');

-- +down
DROP TABLE t;
INSERT INTO race_log (entry) VALUES ('down one');
"""

TWO = """-- schemaforge migration
-- version: 20260101000002
-- name: two

-- +up
-- +step transaction
INSERT INTO race_log (entry) VALUES ('up two');

-- +step no-transaction
CREATE INDEX CONCURRENTLY t_id_idx ON t (id);

-- +down
-- +step no-transaction
DROP INDEX CONCURRENTLY t_id_idx;

-- +step transaction
INSERT INTO race_log (entry) VALUES ('down two');
"""

APPLIES = 8
WAIT = 120  # seconds: a bound on a run that must finish, never a guess at timing


@pytest.fixture
def race_project(project):
    run_sql(project.db_url, "CREATE TABLE race_log (n serial PRIMARY KEY, entry text NOT NULL)")
    project.write("migrations/20260101000001_one.sql", ONE)
    project.write("migrations/20260101000002_two.sql", TWO)
    ok(project.forge("rehash"))
    return project


def env_for(project) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": project.db_url, "NO_COLOR": "1", "CI": "1", "COLUMNS": "200"}
    env.pop("FORGE_TEST_PAUSE_AT", None)
    return env


def start(project, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "schemaforge", *args], cwd=project.root, env=env_for(project),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(procs: list[subprocess.Popen]) -> list[tuple[list[str], int, str]]:
    """Wait for every process (a deadlock shows as a timeout); (args, exit code, output) each."""
    results = []
    for p in procs:
        try:
            out, err = p.communicate(timeout=WAIT)
        except subprocess.TimeoutExpired:
            for q in procs:
                q.kill()
            raise AssertionError(f"{' '.join(p.args[3:])} did not finish in {WAIT} s: deadlock") from None
        results.append((p.args[3:], p.returncode, out + err))
    return results


def assert_clear(results) -> None:
    """Every run succeeded, or failed with a message for people: exit 1, no traceback."""
    for args, code, output in results:
        assert code in (0, 1), (args, code, output)
        assert "Traceback" not in output, (args, output)
        if code == 1:
            assert any(line.startswith("error: ") for line in output.splitlines()), (args, output)


def assert_applied_once(url: str) -> None:
    """Per migration the log alternates up, down, up, ...; the history has it iff the last is an up."""
    log = [r[0] for r in query(url, "SELECT entry FROM race_log ORDER BY n")]
    history = {r[0] for r in query(url, "SELECT name FROM schemaforge.migrations")}
    assert query(url, "SELECT count(*) FROM schemaforge.migration_progress") == [(0,)]
    for name in ("one", "two"):
        mine = [e.split()[0] for e in log if e.endswith(" " + name)]
        assert mine[::2] == ["up"] * len(mine[::2]), log
        assert mine[1::2] == ["down"] * len(mine[1::2]), log
        assert (name in history) == (bool(mine) and mine[-1] == "up"), (log, history)


def race(project) -> list[tuple[list[str], int, str]]:
    """Eight applies and a rollback started together; then one apply finishes the job."""
    procs = [start(project, "apply") for _ in range(APPLIES // 2)]
    procs.append(start(project, "rollback"))
    procs += [start(project, "apply") for _ in range(APPLIES - APPLIES // 2)]
    results = finish(procs)
    assert_clear(results)
    assert_applied_once(project.db_url)
    ok(project.forge("apply"))
    assert query(project.db_url, "SELECT name FROM schemaforge.migrations ORDER BY 1") == [("one",), ("two",)]
    assert query(project.db_url, "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('t_id_idx')") == [
        (True,)]
    return results


def reset(url: str) -> None:
    run_sql(url, "DROP SCHEMA IF EXISTS schemaforge CASCADE; DROP TABLE IF EXISTS t; TRUNCATE race_log")


def test_waiting_for_the_deploy_lock_holds_no_snapshot(race_project):
    """A waiting apply is idle between tries (no backend_xmin), and an index build does not wait for it."""
    url = race_project.db_url
    ok(race_project.forge("apply", "--to", "20260101000001"))
    with psycopg.connect(url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        waiter = start(race_project, "apply")
        try:
            deadline = time.monotonic() + WAIT
            while time.monotonic() < deadline:
                rows = query(url, "SELECT state, backend_xmin::text, query FROM pg_stat_activity "
                                  "WHERE application_name = 'schemaforge apply' AND datname = current_database()")
                # idle AFTER a try at the lock (its last statement), not merely connected
                if rows and rows[0][0] == "idle" and "pg_try_advisory_lock" in rows[0][2]:
                    break
                time.sleep(0.01)
            else:
                raise AssertionError(f"the waiting forge apply was never idle: {rows}")
            assert [r[:2] for r in rows] == [("idle", None)]
            # what the deploy holding the lock would do: it must not wait for the waiter
            holder.execute("SET statement_timeout = '20s'")
            holder.execute("CREATE INDEX CONCURRENTLY probe_idx ON t (note)")
            holder.execute("DROP INDEX probe_idx")
        finally:
            holder.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        [(_, code, output)] = finish([waiter])
    assert code == 0, output
    assert "waiting up to 15min for another forge apply to finish..." in output  # the default lock_wait
    assert query(url, "SELECT name FROM schemaforge.migrations ORDER BY 1") == [("one",), ("two",)]


def test_eight_applies_and_a_rollback_racing(race_project):
    for _ in range(2):
        reset(race_project.db_url)
        race(race_project)


def test_racing_on_a_partly_applied_database(race_project):
    """With one applied, the rollback races the applies for the concurrent-index migration."""
    reset(race_project.db_url)
    ok(race_project.forge("apply", "--to", "20260101000001"))
    results = race(race_project)
    assert sum(code == 0 for _, code, _ in results) >= 1


TRIALS = 20


@pytest.mark.slow
def test_racing_deploys_many_trials(race_project):
    outcomes: dict[int, int] = {}
    for trial in range(TRIALS):
        reset(race_project.db_url)
        if trial % 2:
            ok(race_project.forge("apply", "--to", "20260101000001"))
        for _, code, _ in race(race_project):
            outcomes[code] = outcomes.get(code, 0) + 1
    print(f"race trials: {TRIALS}, exit codes: {dict(sorted(outcomes.items()))}")


# --- two generates in one folder ------------------------------------------------------------------

POSTS = """
entities:
  Post:
    columns:
      id: { type: bigint, primary: true, identity: always }
      title: { type: text }
"""


@pytest.mark.parametrize("source", [(), ("--from-migrations",)], ids=["target", "from-migrations"])
def test_concurrent_generates_write_one_migration(project, source):
    project.schema(POSTS)
    procs = [start(project, "generate", "add_posts", *source) for _ in range(4)]
    results = finish(procs)
    assert_clear(results)
    written = sorted(p.name for p in (project.root / "migrations").glob("*.sql"))
    assert len(written) == 1 and written[0].endswith("_add_posts.sql"), (written, results)
    winners = [output for _, code, output in results if "✓ 1 change(s), 1 statement(s)" in output]
    assert len(winners) == 1
    for _, code, output in results:
        if output in winners:
            continue
        # the others planned from the folder before it changed and stop when they see it changed, or
        # planned after: then they found nothing left to write, or a target without the new migration
        if "error: the migrations folder " in output:
            assert code == 1 and "changed while this forge generate was planning" in output, output
        elif source:
            assert code == 0 and "no changes: the migrations already produce the schema; nothing written" in output
        else:
            assert code == 1 and "error: 1 migration(s) are not applied to the database yet" in output
    ok(project.forge("check"))


# --- the normalization workspace and roles --------------------------------------------------------


def test_plan_works_for_every_role_that_may_plan(project, pg_server):
    """Role A plans first (its workspace database is made then), then role B: both succeed."""
    if os.environ.get("DATABASE_URL"):
        pytest.skip("needs roles that log in without a password (the embedded server's trust authentication)")
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    tag = os.urandom(4).hex()
    roles = [f"forge_role_a_{tag}", f"forge_role_b_{tag}"]
    for role in roles:
        run_sql(pg_server.url, f"CREATE ROLE {role} LOGIN CREATEDB")
    project.schema(POSTS)
    try:
        for role in roles:
            shutil.rmtree(project.root / ".forge", ignore_errors=True)  # no cached normalization: work for real
            url = make_conninfo(**{**conninfo_to_dict(project.db_url), "user": role})
            res = project.forge("plan", env={"DATABASE_URL": url})
            assert res.exit_code == 0, (role, res.output)
            assert "+ create table public.post" in res.stdout, res.stdout
    finally:
        for (name,) in query(pg_server.url, "SELECT datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba "
                                            "WHERE r.rolname = ANY(%s)", [roles]):
            run_sql(pg_server.url, f'DROP DATABASE "{name}" WITH (FORCE)')
        for role in roles:
            run_sql(pg_server.url, f"DROP ROLE {role}")
