"""One generate is one migration: the plan is the migration, steps and all (issue 8).

``forge plan`` shows exactly the statements ``forge generate`` writes, in the online form and
with their transaction boundaries; the file holds them as ordered steps; ``forge apply`` records
one version when the last step is done and resumes a migration that stopped part-way;
``forge rollback --steps 1`` undoes the whole of it.

The runs meant to fail on the data pass ``--skip-preflight``: the pre-flight checks would stop
them before their first statement (``tests/test_preflight.py`` shows that), and what is tested
here is a step failing part-way.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from schemaforge.migrations import files
from tests.conftest import ok, pg_dump_schema, query, run_sql
from tests.pairs import inspect_url

USERS = """
entities:
  User:
    columns:
      id: { type: bigint, primary: true, identity: always }
      name: { type: text }
  Post:
    columns:
      id: { type: bigint, primary: true, identity: always }
      title: { type: text }
"""
AUTHOR = USERS + "    relations:\n      author: { type: many-to-one, target: User, on_delete: cascade }\n"




def history(url: str) -> list[str]:
    return [r[0] for r in query(url, "SELECT name FROM schemaforge.migrations ORDER BY version")]


def generated(res) -> Path:
    paths = res.stdout.strip().splitlines()
    assert len(paths) == 1, f"one generate, one file: {paths}"
    return Path(paths[0])


def snapshot(url: str):
    return inspect_url(url), pg_dump_schema(url)


# --- a many-to-one relation, generated, applied and rolled back one step ------------------------


def test_many_to_one_relation_rolled_back_one_step_restores_the_schema(project):
    project.schema(USERS)
    ok(project.forge("generate", "init"))
    ok(project.forge("apply"))
    run_sql(project.db_url, "INSERT INTO \"user\" (name) VALUES ('ann')")
    before = snapshot(project.db_url)

    project.schema(AUTHOR)
    res = ok(project.forge("generate", "post author"))
    ok(project.forge("apply"))
    assert json.loads(ok(project.forge("plan", "--format", "json")).stdout)["changes"] == []

    ok(project.forge("rollback", "--steps", "1", "--allow-destructive"))
    after = snapshot(project.db_url)
    assert after[1] == before[1]  # pg_dump: no author_id, no foreign key, no index left behind
    assert after[0] == before[0]
    assert history(project.db_url) == ["init"]
    text = generated(res).read_text()
    assert 'ADD COLUMN "author_id"' in text and "CREATE INDEX CONCURRENTLY" in text


# --- the plan is the migration -------------------------------------------------------------------

MOOD_V1 = """
enums:
  mood: [ok, sad]
entities:
  Post:
    columns:
      id: { type: bigint, primary: true, identity: always }
      title: { type: text }
      mood: { type: mood, default: ok }
"""
MOOD_V2 = MOOD_V1.replace("[ok, sad]", "[ok, sad, happy]").replace("default: ok", "default: happy") + (
    "      score: { type: integer, nullable: true }\n"
    "    indexes:\n      - { columns: [title] }\n      - { columns: [score], unique: true }\n")


def _sql_block(plan_text: str) -> str:
    """The SQL part of ``forge plan``'s text output."""
    block = plan_text.split("\nSQL (up)", 1)[1].split("\n", 1)[1]
    return block.split("\n\n!", 1)[0]


def test_plan_shows_exactly_what_generate_writes(project):
    project.schema(MOOD_V1)
    ok(project.forge("generate", "init"))
    ok(project.forge("apply"))
    project.schema(MOOD_V2)

    text = ok(project.forge("plan")).stdout
    doc = json.loads(ok(project.forge("plan", "--format", "json")).stdout)
    sql = ok(project.forge("plan", "--format", "sql")).stdout
    path = generated(ok(project.forge("generate", "happy")))
    mig = files.parse(path)

    # three kinds of step: the new label committed first, the main change, one step per index
    assert [s.transaction for s in mig.up_steps] == [True, True, False, False]
    assert [s.transaction for s in mig.down_steps] == [False, False, True, True]
    assert "ADD VALUE 'happy'" in mig.up_steps[0].statements[0]
    assert all("CONCURRENTLY" in s.statements[0] for s in mig.up_steps[2:])

    # the plan's SQL is the file's up section, statement for statement and step for step
    up_section = path.read_text().split("-- +up\n", 1)[1].split("\n-- +down\n", 1)[0]
    assert files.split_statements(_sql_block(text)) == list(mig.up)
    assert _sql_block(text).strip() == up_section.strip()
    assert doc["up"] == list(mig.up) and doc["down"] == list(mig.down)
    assert [(s["transaction"], s["statements"]) for s in doc["up_steps"]] == [
        (s.transaction, list(s.statements)) for s in mig.up_steps]
    assert [(s["transaction"], s["statements"]) for s in doc["down_steps"]] == [
        (s.transaction, list(s.statements)) for s in mig.down_steps]
    # --format sql: the same statements, transactional steps between BEGIN and COMMIT (for psql)
    assert [s for s in files.split_statements(sql) if s not in ("BEGIN", "COMMIT")] == list(mig.up)
    assert files.split_statements(sql).count("BEGIN") == 2

    before = snapshot(project.db_url)
    ok(project.forge("apply"))
    assert history(project.db_url) == ["init", "happy"]
    assert json.loads(ok(project.forge("plan", "--format", "json")).stdout)["changes"] == []
    ok(project.forge("rollback", "--steps", "1", "--allow-destructive"))
    assert history(project.db_url) == ["init"]
    assert snapshot(project.db_url) == before


def test_saved_plan_runs_its_steps(project, tmp_path):
    project.schema(MOOD_V1)
    ok(project.forge("sync"))
    project.schema(MOOD_V2)
    plan = tmp_path / "plan.json"
    ok(project.forge("plan", "--out", str(plan)))
    saved = json.loads(plan.read_text())
    assert [s["transaction"] for s in saved["up_steps"]] == [True, True, False, False]
    before = snapshot(project.db_url)
    ok(project.forge("apply", str(plan)))
    assert json.loads(ok(project.forge("plan", "--format", "json")).stdout)["changes"] == []
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migrations") == [(1,)]
    ok(project.forge("rollback", "--allow-destructive"))
    assert snapshot(project.db_url) == before


# --- a step that fails part-way is resumed --------------------------------------------------------

TAGGED = """
entities:
  Post:
    columns:
      id: { type: bigint, primary: true, identity: always }
      slug: { type: text }
"""
TAGGED_V2 = TAGGED + "      body: { type: text, nullable: true }\n    indexes:\n      - { columns: [slug], unique: true }\n"


def test_failed_concurrent_index_step_is_resumed_and_recorded_once(project):
    project.schema(TAGGED)
    ok(project.forge("generate", "init"))
    ok(project.forge("apply"))
    run_sql(project.db_url, "INSERT INTO post (slug) VALUES ('a'), ('a'), ('b')")
    project.schema(TAGGED_V2)
    path = generated(ok(project.forge("generate", "unique slug")))

    res = project.forge("apply", "--skip-preflight")
    assert res.exit_code == 1
    assert path.name in res.stderr and "step 2 of 2" in res.stderr
    assert "forge apply" in res.output and "resume" in res.output
    assert history(project.db_url) == ["init"]
    # step 1 (the column) is in, the failed build's INVALID index is gone
    assert query(project.db_url, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'body'") == [(1,)]
    assert query(project.db_url, "SELECT to_regclass('post_slug_idx')") == [(None,)]

    res = project.forge("status")
    assert res.exit_code == 1
    assert "partially applied: step 1 of 2 done" in res.stdout and "forge apply" in res.stdout
    doc = json.loads(project.forge("status", "--format", "json").stdout)
    [row] = [m for m in doc["migrations"] if m["name"] == "unique_slug"]
    assert row["state"] == "partial"
    assert row["progress"] == {"direction": "up", "steps_done": 1, "steps": 2, "statements_done": 0}
    assert doc["drift"]["in_sync"] is True  # the database is exactly where step 1 left it

    # fix the data; a killed build would have left an INVALID index behind: it is rebuilt
    run_sql(project.db_url, "DELETE FROM post WHERE ctid = (SELECT min(ctid) FROM post WHERE slug = 'a')")
    run_sql(project.db_url, "CREATE INDEX post_slug_idx ON post (slug); "
                            "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'post_slug_idx'::regclass")
    res = ok(project.forge("apply"))
    assert "resuming" in res.stderr and "step 2 of 2" in res.stderr
    assert history(project.db_url) == ["init", "unique_slug"]
    assert query(project.db_url, "SELECT indisvalid, indisunique FROM pg_index "
                                 "WHERE indexrelid = 'post_slug_idx'::regclass") == [(True, True)]
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migration_progress") == [(0,)]
    assert ok(project.forge("status")).exit_code == 0
    ok(project.forge("rollback", "--steps", "1", "--allow-destructive"))
    assert history(project.db_url) == ["init"]
    assert query(project.db_url, "SELECT to_regclass('post_slug_idx'), count(*) FROM information_schema.columns "
                                 "WHERE column_name = 'body'") == [(None, 0)]


def test_partially_applied_migration_rolls_back_in_one_step(project):
    project.schema(TAGGED)
    ok(project.forge("generate", "init"))
    ok(project.forge("apply"))
    run_sql(project.db_url, "INSERT INTO post (slug) VALUES ('a'), ('a')")
    before = snapshot(project.db_url)
    project.schema(TAGGED_V2)
    ok(project.forge("generate", "unique slug"))
    assert project.forge("apply", "--skip-preflight").exit_code == 1
    res = ok(project.forge("rollback", "--steps", "1", "--allow-destructive"))
    assert "unique_slug" in res.stderr
    assert history(project.db_url) == ["init"]
    assert snapshot(project.db_url) == before
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migration_progress") == [(0,)]


STEPPED = """-- schemaforge migration
-- version: 20260101000001
-- name: stepped

-- +up
-- +step transaction
CREATE TABLE a (id int);
INSERT INTO a VALUES (1);

-- +step no-transaction
SELECT pg_sleep({sleep});

-- +step transaction
CREATE TABLE b (id int);

-- +down
-- +step transaction
DROP TABLE b;

-- +step no-transaction
SELECT 1;

-- +step transaction
DROP TABLE a;
"""


def test_killed_apply_resumes_at_the_step_it_was_in(project):
    project.write("migrations/20260101000001_stepped.sql", STEPPED.format(sleep=30))
    ok(project.forge("rehash"))
    env = {**os.environ, "DATABASE_URL": project.db_url, "NO_COLOR": "1", "CI": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "schemaforge.cli", "apply"], cwd=project.root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until it sleeps in step 2
        if query(project.db_url, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%%'") != [(0,)]:
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    run_sql(project.db_url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE query LIKE 'SELECT pg_sleep%%' AND pid <> pg_backend_pid()")
    assert query(project.db_url, "SELECT id FROM a") == [(1,)]
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migrations") == [(0,)]
    res = project.forge("status")
    assert "partially applied: step 1 of 3 done" in res.stdout

    # the file may still change where it has not run yet (here: the sleep), not where it has
    project.write("migrations/20260101000001_stepped.sql", STEPPED.format(sleep=0))
    ok(project.forge("rehash"))
    res = ok(project.forge("apply"))
    assert "resuming" in res.stderr
    assert query(project.db_url, "SELECT id FROM a") == [(1,)]  # step 1 did not run twice
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migrations") == [(1,)]
    assert query(project.db_url, "SELECT to_regclass('b') IS NOT NULL") == [(True,)]
    ok(project.forge("rollback", "--allow-destructive"))
    assert query(project.db_url, "SELECT to_regclass('a'), to_regclass('b')") == [(None, None)]
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migrations") == [(0,)]


def test_edit_to_an_applied_step_of_a_partial_migration_is_refused(project):
    project.write("migrations/20260101000001_stepped.sql", STEPPED.format(sleep=0).replace(
        "CREATE TABLE b (id int)", "SELECT no_such_function()"))
    ok(project.forge("rehash"))
    res = project.forge("apply", "--skip-preflight")
    assert res.exit_code == 1 and "step 3 of 3" in res.stderr
    path = project.root / "migrations/20260101000001_stepped.sql"
    path.write_text(path.read_text().replace("INSERT INTO a VALUES (1)", "INSERT INTO a VALUES (2)"))
    ok(project.forge("rehash"))
    res = project.forge("apply", "--skip-preflight")
    assert res.exit_code == 1 and "already applied" in res.stderr
    assert query(project.db_url, "SELECT id FROM a") == [(1,)]


def test_saved_plan_that_stopped_part_way_is_resumed_by_applying_it_again(project, tmp_path):
    project.schema(TAGGED)
    ok(project.forge("sync"))
    run_sql(project.db_url, "INSERT INTO post (slug) VALUES ('a'), ('a')")
    project.schema(TAGGED_V2)
    plan = tmp_path / "plan.json"
    ok(project.forge("plan", "--out", str(plan)))
    res = project.forge("apply", str(plan), "--skip-preflight")
    assert res.exit_code == 1 and "step 2 of 2" in res.stderr
    res = project.forge("apply", "--skip-preflight")  # the migrations directory cannot run past it
    assert res.exit_code == 1 and "the saved plan plan.json is partially applied" in res.stderr
    run_sql(project.db_url, "DELETE FROM post WHERE ctid = (SELECT min(ctid) FROM post)")
    res = ok(project.forge("apply", str(plan)))  # the fingerprint moved with step 1: it is resumed, not refused
    assert "resuming the plan plan.json at step 2 of 2" in res.stderr
    assert query(project.db_url, "SELECT name, kind FROM schemaforge.migrations") == [("plan.json", "plan")]
    assert json.loads(ok(project.forge("plan", "--format", "json")).stdout)["changes"] == []


ROLLBACK_STOPS = """-- +up
-- +step transaction
CREATE TABLE a (id int);

-- +step transaction
CREATE TABLE b (id int);

-- +down
-- +step transaction
DROP TABLE b;

-- +step transaction
ALTER TABLE a ADD CONSTRAINT a_positive CHECK (id > 0);
DROP TABLE a;
"""


def test_rollback_that_stopped_part_way_is_resumed_and_blocks_apply(project):
    project.write("migrations/20260101000001_two.sql", ROLLBACK_STOPS)
    ok(project.forge("rehash"))
    ok(project.forge("apply"))
    run_sql(project.db_url, "INSERT INTO a VALUES (0)")
    res = project.forge("rollback", "--allow-destructive")
    assert res.exit_code == 1 and "step 2 of 2" in res.stderr and "forge rollback" in res.stderr
    assert query(project.db_url, "SELECT to_regclass('b'), count(*) FROM schemaforge.migrations") == [(None, 1)]
    res = project.forge("status")
    assert res.exit_code == 1 and "partially rolled back: step 1 of 2 of its down section done" in res.stdout
    assert project.forge("apply", "--skip-preflight").exit_code == 1
    run_sql(project.db_url, "UPDATE a SET id = 1")
    res = ok(project.forge("rollback", "--allow-destructive"))
    assert "resuming the rollback of 20260101000001_two" in res.stderr
    assert query(project.db_url, "SELECT to_regclass('a'), count(*) FROM schemaforge.migrations") == [(None, 0)]
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migration_progress") == [(0,)]


def test_history_from_an_earlier_version_rolls_back(project):
    """A history table made before steps existed (no progress table, SQL without markers)."""
    run_sql(project.db_url, "CREATE TABLE t (a int)")
    run_sql(project.db_url, "CREATE INDEX CONCURRENTLY t_a ON t (a)")
    run_sql(project.db_url, """
        CREATE SCHEMA schemaforge;
        CREATE TABLE schemaforge.migrations (version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
            up_sql text NOT NULL, down_sql text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),
            execution_ms integer, applied_by text NOT NULL DEFAULT current_user);
        INSERT INTO schemaforge.migrations (version, name, checksum, up_sql, down_sql) VALUES
            ('20250101000000', 'base', 'h1:x', 'CREATE TABLE t (a int);', 'DROP TABLE t;'),
            ('20250101000001', 'base_indexes', 'h1:y', 'CREATE INDEX CONCURRENTLY t_a ON t (a);',
             'DROP INDEX CONCURRENTLY t_a;');
    """)
    res = ok(project.forge("rollback"))
    assert "20250101000001_base_indexes rolled back" in res.stderr
    assert query(project.db_url, "SELECT to_regclass('t_a'), to_regclass('t') IS NOT NULL") == [(None, True)]
    assert query(project.db_url, "SELECT version FROM schemaforge.migrations") == [("20250101000000",)]


def test_index_a_killed_run_finished_but_did_not_record_is_kept(project):
    project.schema(TAGGED)
    ok(project.forge("generate", "init"))
    ok(project.forge("apply"))
    run_sql(project.db_url, "INSERT INTO post (slug) VALUES ('a'), ('a')")
    project.schema(TAGGED_V2)
    ok(project.forge("generate", "unique slug"))
    assert project.forge("apply", "--skip-preflight").exit_code == 1  # step 2 fails: step 1 is recorded as done
    run_sql(project.db_url, "DELETE FROM post WHERE ctid = (SELECT min(ctid) FROM post)")
    # as if a run had built the index and been killed before recording it
    run_sql(project.db_url, "CREATE UNIQUE INDEX post_slug_idx ON post (slug)")
    oid = query(project.db_url, "SELECT 'post_slug_idx'::regclass::oid")
    res = ok(project.forge("apply"))
    assert "index post_slug_idx exists and is valid: done by the run that stopped" in res.stderr
    assert query(project.db_url, "SELECT 'post_slug_idx'::regclass::oid") == oid
    assert history(project.db_url) == ["init", "unique_slug"]


CODES = """
entities:
  Country:
    columns:
      id: { type: integer, primary: true }
      code: { type: text }
"""


def test_unique_index_a_new_foreign_key_needs_is_built_inline(project):
    project.schema(CODES)
    ok(project.forge("sync"))
    project.schema(CODES + "    indexes:\n      - { columns: [code], unique: true }\n"
                   "  City:\n    columns:\n      id: { type: integer, primary: true }\n"
                   "      country_code: { type: text, references: Country.code }\n")
    doc = json.loads(ok(project.forge("plan", "--format", "json")).stdout)
    [step] = doc["up_steps"]  # the foreign key needs the index at once: no concurrent step after it
    assert step["transaction"] and any(s.startswith('CREATE UNIQUE INDEX "country_code_idx"') for s in step["statements"])
    ok(project.forge("generate", "cities"))
    ok(project.forge("apply"))
    assert json.loads(ok(project.forge("plan", "--format", "json")).stdout)["changes"] == []
