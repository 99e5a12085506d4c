"""The migrations lifecycle through the ``forge`` CLI, checked against the database and the files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemaforge.errors import ForgeError
from schemaforge.migrations import files, manifest
from tests.conftest import ok, pg_dump_schema, query, run_sql

POST = """
entities:
  Post:
    columns:
      id: { type: bigint, primary: true, identity: always }
      title: { type: text }
"""
POST_DESC = POST + "      description: { type: text, nullable: true }\n"


def columns(url: str, table: str = "post") -> list[str]:
    return [r[0] for r in query(url, "SELECT column_name FROM information_schema.columns "
                                     "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
                                [table])]


def history(url: str) -> list[str]:
    return [r[0] for r in query(url, "SELECT version FROM schemaforge.migrations ORDER BY version")]


def migration_paths(project) -> list[Path]:
    return sorted((project.root / "migrations").glob("*.sql"))




def generate(project, name: str, *args: str) -> Path:
    res = ok(project.forge("generate", name, *args))
    return Path(res.stdout.strip().splitlines()[-1])


# --- the file format ---------------------------------------------------------------------------


@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT 1; SELECT 2", ["SELECT 1", "SELECT 2"]),
    ("SELECT 'a;b'; SELECT 2;", ["SELECT 'a;b'", "SELECT 2"]),
    ("SELECT 'it''s; fine';", ["SELECT 'it''s; fine'"]),
    ("SELECT E'x\\';y';", ["SELECT E'x\\';y'"]),
    ('SELECT 1 AS "a;b";', ['SELECT 1 AS "a;b"']),
    ("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT 2",
     ["CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", "SELECT 2"]),
    ("DO $body$ BEGIN PERFORM 1; END $body$;", ["DO $body$ BEGIN PERFORM 1; END $body$"]),
    ("-- a comment; still\nSELECT 1; /* block; comment */ SELECT 2;", ["SELECT 1", "SELECT 2"]),
    ("SELECT 1 -- trailing; comment\n;", ["SELECT 1 -- trailing; comment"]),
    ("/* outer /* nested; */ still; */ SELECT 3;", ["SELECT 3"]),
    ("SELECT $1::int;", ["SELECT $1::int"]),
    ("  ;  ; -- only comments\n", []),
    # BEGIN ATOMIC bodies: the ; inside are the body's, whichever routine head opens them
    ("CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true "
     "THEN 1 END; END; SELECT 2;",
     ["CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true "
      "THEN 1 END; END", "SELECT 2"]),
    ("create or replace procedure p() language sql begin atomic insert into t values (1); end; select 3;",
     ["create or replace procedure p() language sql begin atomic insert into t values (1); end", "select 3"]),
    ("CREATE TABLE begin_case (a int); CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;",
     ["CREATE TABLE begin_case (a int)", "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END"]),
    ("SELECT 1 FROM t WHERE a IN (SELECT CASE WHEN b THEN 1 END); SELECT 2;",
     ["SELECT 1 FROM t WHERE a IN (SELECT CASE WHEN b THEN 1 END)", "SELECT 2"]),
])
def test_split_statements(sql, expected):
    assert files.split_statements(sql) == expected


def test_slug_and_version_bump(tmp_path):
    assert files.slugify("Add user E-mail!") == "add_user_e_mail"
    now = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    a = files.write_new(tmp_path, "one", ["SELECT 1"], [], now=now)
    b = files.write_new(tmp_path, "two", ["SELECT 2"], [], now=now)
    assert a.name == "20250102030405_one.sql"
    assert b.name == "20250102030406_two.sql"
    mig = files.parse(a)
    assert (mig.version, mig.name, mig.up, mig.down) == ("20250102030405", "one", ("SELECT 1",), ())


def test_steps_written_for_concurrently(tmp_path):
    path = files.write_new(tmp_path, "idx", ["CREATE INDEX CONCURRENTLY i ON t (a)"], ["DROP INDEX CONCURRENTLY i"])
    text = path.read_text()
    assert "-- +up\n-- +step no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);\n" in text
    mig = files.parse(path)
    assert [(s.transaction, s.statements) for s in mig.up_steps] == [(False, ("CREATE INDEX CONCURRENTLY i ON t (a)",))]
    assert mig.stepped and mig.up == ("CREATE INDEX CONCURRENTLY i ON t (a)",)


STEPS = """-- schemaforge migration
-- +up
-- +step transaction
CREATE TABLE t (a int);
CREATE FUNCTION f() RETURNS int AS $$
-- +step no-transaction
SELECT 1; $$ LANGUAGE sql  -- +step no-transaction (a trailing comment, not a marker)
-- +step no-transaction
;

-- +step no-transaction
CREATE INDEX CONCURRENTLY t_a ON t (a);
COMMENT ON INDEX t_a IS 'x';
-- +step transaction
-- +down
-- +step transaction
DROP TABLE t;
"""


@pytest.mark.parametrize(("sql", "outside"), [
    ("CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)", True),
    ("/* built online */ DROP INDEX CONCURRENTLY i", True),
    ("vacuum t", True),
    ("ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY", True),
    ('ALTER TABLE t ADD COLUMN "vacuum" int', False),
    ("COMMENT ON TABLE t IS 'CREATE INDEX CONCURRENTLY'", False),
])
def test_statements_that_cannot_run_in_a_transaction(sql, outside):
    assert files.needs_no_transaction([sql]) is outside


def test_steps_are_read_with_their_lines(tmp_path):
    path = tmp_path / "20250101000000_steps.sql"
    path.write_text(STEPS)
    mig = files.parse(path)
    assert [(s.transaction, len(s.statements)) for s in mig.up_steps] == [(True, 2), (False, 2)]  # empty step dropped
    function = mig.up_steps[0].statements[1]  # a marker line inside a statement is only a comment
    assert function.startswith("CREATE FUNCTION f()") and function.endswith("-- +step no-transaction")
    assert mig.up_lines == (4, 5, 12, 13)
    assert [(s.transaction, s.statements) for s in mig.down_steps] == [(True, ("DROP TABLE t",))]
    assert mig.up_sql.startswith("-- +step transaction\nCREATE TABLE t")


@pytest.mark.parametrize(("text", "error"), [
    ("-- +up\n-- +step sometimes\nSELECT 1;\n", "2: `-- +step sometimes`: a step is `transaction` or `no-transaction`"),
    ("-- +up\nSELECT 1;\n-- +step transaction\nSELECT 2;\n", "2: a statement before the section's first `-- +step` line"),
    ("-- +no-transaction\n-- +up\n-- +step transaction\nSELECT 1;\n", "`-- +no-transaction` and `-- +step` lines"),
])
def test_bad_steps(tmp_path, text, error):
    path = tmp_path / "20250101000000_bad.sql"
    path.write_text(text)
    with pytest.raises(ForgeError) as exc:
        files.parse(path)
    assert error in exc.value.message


def test_files_without_steps_are_read_as_before(tmp_path):
    """Files written before steps existed: each section is one step; the directive makes it one without a
    transaction, and the history records it with its marker so a rollback runs it the same way."""
    plain = tmp_path / "20250101000000_plain.sql"
    plain.write_text("-- +up\nCREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\n-- +down\nDROP TABLE t;\n")
    mig = files.parse(plain)
    assert [(s.transaction, len(s.statements)) for s in mig.up_steps] == [(True, 2)]
    assert not mig.stepped and mig.up_sql == "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);"
    legacy = tmp_path / "20250102000000_legacy.sql"
    legacy.write_text("-- +no-transaction\n-- +up\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +down\nDROP INDEX i;\n")
    mig = files.parse(legacy)
    assert [(s.transaction, s.statements) for s in mig.up_steps] == [(False, ("CREATE INDEX CONCURRENTLY i ON t (a)",))]
    assert [s.transaction for s in mig.down_steps] == [False]
    assert [s.transaction for s in files.recorded_steps(mig.down_sql)] == [False]
    # SQL recorded by earlier versions has no markers: a statement that needs it runs outside a transaction
    assert [s.transaction for s in files.recorded_steps("DROP INDEX CONCURRENTLY i;")] == [False]
    assert [s.transaction for s in files.recorded_steps("DROP TABLE t;")] == [True]


# --- generate / apply / rollback: the seed story -----------------------------------------------


def test_seed_story(project):
    project.schema(POST)
    first = generate(project, "create posts")
    assert re.fullmatch(r"\d{14}_create_posts\.sql", first.name)
    text = first.read_text()
    for header in ("-- schemaforge migration", "-- version: ", "-- name: create_posts", "-- generated by schemaforge"):
        assert header in text
    ok(project.forge("apply"))
    assert columns(project.db_url) == ["id", "title"]

    project.schema(POST_DESC)
    second = generate(project, "add description")
    mig = files.parse(second)
    assert len(mig.up) == 1 and re.search(r'ADD COLUMN "description" text', mig.up[0]), mig.up
    assert len(mig.down) == 1 and re.search(r'DROP COLUMN "description"', mig.down[0]), mig.down
    ok(project.forge("apply"))
    assert columns(project.db_url) == ["id", "title", "description"]
    assert history(project.db_url) == [files.parse(first).version, mig.version]
    row = query(project.db_url, "SELECT checksum, up_sql, down_sql, execution_ms, applied_by "
                                "FROM schemaforge.migrations WHERE version = %s", [mig.version])[0]
    assert row[0] == mig.checksum and "ADD COLUMN" in row[1] and "DROP COLUMN" in row[2]
    assert row[3] is not None and row[4]

    ok(project.forge("rollback", "--allow-destructive"))  # the down drops the column
    assert columns(project.db_url) == ["id", "title"]
    assert history(project.db_url) == [files.parse(first).version]
    status = json.loads(ok(project.forge("status", "--format", "json")).stdout)
    assert [m["state"] for m in status["migrations"]] == ["applied", "pending"]


def test_generate_nothing_to_do_writes_nothing(project):
    project.schema(POST)
    generate(project, "init")
    ok(project.forge("apply"))
    before = sorted(p.name for p in (project.root / "migrations").iterdir())
    res = ok(project.forge("generate", "again"))
    assert "no changes" in res.output
    assert sorted(p.name for p in (project.root / "migrations").iterdir()) == before


def test_generate_refuses_when_migrations_are_pending(project):
    project.schema(POST)
    generate(project, "init")
    res = project.forge("generate", "again")
    assert res.exit_code == 1 and "not applied to the database yet" in res.stderr


def test_two_generates_in_one_second_get_distinct_versions(project):
    project.schema(POST)
    ok(project.forge("generate", "a", "--empty"))
    ok(project.forge("generate", "b", "--empty"))
    ok(project.forge("generate", "c", "--empty"))
    versions = [p.name[:14] for p in migration_paths(project)]
    assert len(set(versions)) == 3
    assert not manifest.verify(project.root / "migrations")


def test_empty_template(project):
    path = generate(project, "backfill", "--empty")
    text = path.read_text()
    assert "-- +up" in text and "-- +down" in text
    mig = files.parse(path)
    assert mig.up == () and mig.down == ()
    assert path.name in (project.root / "migrations" / "schemaforge.sum").read_text()


def test_from_migrations_does_not_touch_the_target(project):
    project.schema(POST)
    generate(project, "init", "--from-migrations")
    project.schema(POST_DESC)
    second = generate(project, "desc", "--from-migrations")
    assert "ADD COLUMN" in files.parse(second).up[0]
    assert query(project.db_url, "SELECT to_regclass('public.post'), to_regclass('schemaforge.migrations')") == [
        (None, None)]
    # nothing more to capture
    assert "no changes" in ok(project.forge("generate", "again", "--from-migrations")).output


def test_destructive_refused_without_flag(project):
    project.schema(POST_DESC)
    generate(project, "init")
    ok(project.forge("apply"))
    project.schema(POST)
    res = project.forge("generate", "drop desc")
    assert res.exit_code == 1
    assert "destructive" in res.stderr and "description" in res.stderr
    assert len(migration_paths(project)) == 1
    path = generate(project, "drop desc", "--allow-destructive")
    assert "DROP COLUMN" in files.parse(path).up[0]


# --- manifest and checksums --------------------------------------------------------------------


def test_manifest_format(project):
    project.schema(POST)
    path = generate(project, "init")
    lines = (project.root / "migrations" / "schemaforge.sum").read_text().splitlines()
    assert lines[0].startswith("h1:")
    assert lines[1] == f"{path.name} {files.h1(path.read_bytes())}"
    assert lines[0] == files.h1((lines[1] + "\n").encode())


def test_edited_applied_file_refused(project):
    project.schema(POST)
    path = generate(project, "init")
    ok(project.forge("apply"))
    path.write_text(path.read_text().replace("-- +down", "-- edited\n-- +down"))
    res = project.forge("apply")
    assert res.exit_code == 1
    assert path.name in res.stderr and "checksum mismatch" in res.stderr and "forge rehash" in res.stderr
    # a deliberate edit, acknowledged: the history still catches that the applied file changed
    ok(project.forge("rehash"))
    res = project.forge("apply")
    assert res.exit_code == 1 and f"applied migration {path.name} was edited" in res.stderr
    res = project.forge("status", "--format", "json")
    assert res.exit_code == 1
    assert json.loads(res.stdout)["migrations"][0]["state"] == "modified"


def test_edited_pending_file_needs_rehash(project):
    project.schema(POST)
    path = generate(project, "init")
    path.write_text(path.read_text().replace('"title" text NOT NULL', '"title" text NOT NULL DEFAULT \'\''))
    res = project.forge("apply")
    assert res.exit_code == 1 and path.name in res.stderr and "forge rehash" in res.stderr
    assert query(project.db_url, "SELECT to_regclass('public.post')") == [(None,)]
    ok(project.forge("rehash"))
    ok(project.forge("apply"))
    assert columns(project.db_url) == ["id", "title"]


def test_deleted_applied_file(project):
    project.schema(POST)
    path = generate(project, "init")
    ok(project.forge("apply"))
    path.unlink()
    res = project.forge("apply")
    assert res.exit_code == 1 and path.name in res.stderr and "missing" in res.stderr
    ok(project.forge("rehash"))
    res = project.forge("apply")
    assert res.exit_code == 1 and f"applied migration {path.name} is missing" in res.stderr
    assert "--allow-missing" in res.stderr
    ok(project.forge("apply", "--allow-missing"))
    res = project.forge("status", "--format", "json")
    assert res.exit_code == 1
    assert json.loads(res.stdout)["migrations"][0]["state"] == "missing"
    # rollback uses the down SQL recorded in the history
    ok(project.forge("rollback", "--allow-destructive"))
    assert query(project.db_url, "SELECT to_regclass('public.post')") == [(None,)]
    assert history(project.db_url) == []


def test_file_not_in_manifest(project):
    project.write("migrations/20250101000000_hand.sql", "-- +up\nSELECT 1;\n-- +down\n")
    res = project.forge("apply")
    assert res.exit_code == 1 and "schemaforge.sum" in res.stderr
    ok(project.forge("rehash"))
    project.write("migrations/20250102000000_more.sql", "-- +up\nSELECT 2;\n-- +down\n")
    res = project.forge("apply")
    assert res.exit_code == 1 and "20250102000000_more.sql is not in the manifest" in res.stderr


# --- failures, dry runs, --to ------------------------------------------------------------------


def hand(project, version: str, name: str, up: str, down: str = "", directives: str = "") -> Path:
    path = project.write(f"migrations/{version}_{name}.sql", f"{directives}-- +up\n{up}\n-- +down\n{down}\n")
    ok(project.forge("rehash"))
    return path


def test_failure_half_way_leaves_no_trace(project):
    hand(project, "20250101000000", "base", "CREATE TABLE t (a int);", "DROP TABLE t;")
    ok(project.forge("apply"))
    bad = hand(project, "20250102000000", "bad",
               "ALTER TABLE t ADD COLUMN b int;\nCREATE TABLE u (x int);\nSELECT no_such_function();",
               "DROP TABLE u;\nALTER TABLE t DROP COLUMN b;")
    res = project.forge("apply")
    assert res.exit_code == 1
    assert bad.name in res.stderr and "line 4" in res.stderr and "no_such_function" in res.stderr
    assert columns(project.db_url, "t") == ["a"]
    assert query(project.db_url, "SELECT to_regclass('public.u')") == [(None,)]
    assert history(project.db_url) == ["20250101000000"]
    bad.write_text(bad.read_text().replace("SELECT no_such_function();", "SELECT 1;"))
    ok(project.forge("rehash"))
    ok(project.forge("apply"))
    assert columns(project.db_url, "t") == ["a", "b"]
    assert history(project.db_url) == ["20250101000000", "20250102000000"]


def test_dry_run_and_to(project):
    hand(project, "20250101000000", "one", "CREATE TABLE one (a int);", "DROP TABLE one;")
    hand(project, "20250102000000", "two", "CREATE TABLE two (a int);", "DROP TABLE two;")
    hand(project, "20250103000000", "three", "CREATE TABLE three (a int);", "DROP TABLE three;")
    res = ok(project.forge("apply", "--dry-run"))
    assert "CREATE TABLE one" in res.stdout and "CREATE TABLE three" in res.stdout
    assert query(project.db_url, "SELECT to_regclass('public.one'), to_regclass('schemaforge.migrations')") == [
        (None, None)]
    ok(project.forge("apply", "--to", "20250102000000"))
    assert history(project.db_url) == ["20250101000000", "20250102000000"]
    assert project.forge("apply", "--to", "20990101000000").exit_code == 1
    ok(project.forge("apply"))
    assert len(history(project.db_url)) == 3

    res = ok(project.forge("rollback", "--dry-run", "--steps", "2"))
    assert "DROP TABLE three" in res.stdout and "DROP TABLE two" in res.stdout
    assert len(history(project.db_url)) == 3
    ok(project.forge("rollback", "--steps", "2", "--allow-destructive"))
    assert history(project.db_url) == ["20250101000000"]
    assert query(project.db_url, "SELECT to_regclass('public.two')") == [(None,)]
    ok(project.forge("apply"))
    ok(project.forge("rollback", "--to", "20250101000000", "--allow-destructive"))
    assert history(project.db_url) == ["20250101000000"]
    assert project.forge("rollback", "--to", "20240101000000").exit_code == 1
    ok(project.forge("rollback", "--to", "0", "--allow-destructive"))
    assert history(project.db_url) == []
    assert "nothing to roll back" in ok(project.forge("rollback")).output


# --- status / check ----------------------------------------------------------------------------


def test_status_json_and_drift(project):
    project.schema(POST)
    generate(project, "init")
    ok(project.forge("apply"))
    project.schema(POST_DESC)
    generate(project, "desc")
    doc = json.loads(ok(project.forge("status", "--format", "json")).stdout)
    assert [(m["name"], m["state"]) for m in doc["migrations"]] == [("init", "applied"), ("desc", "pending")]
    assert doc["migrations"][0]["applied_at"] and doc["migrations"][0]["execution_ms"] is not None
    assert doc["drift"] == {"in_sync": True, "changes": []}
    run_sql(project.db_url, "ALTER TABLE post ADD COLUMN sneaky int")
    res = project.forge("status", "--format", "json")
    assert res.exit_code == 1  # drift
    doc = json.loads(res.stdout)
    assert not doc["drift"]["in_sync"] and "sneaky" in " ".join(doc["drift"]["changes"])
    res = project.forge("status")
    assert res.exit_code == 1 and "pending" in res.stdout and "drift" in res.stdout


def test_check(project):
    project.schema(POST)
    generate(project, "init", "--from-migrations")
    ok(project.forge("check"))
    project.schema(POST_DESC)
    res = project.forge("check")
    assert res.exit_code == 1
    assert "the YAML has changes no migration captures: run `forge generate <name>`" in res.stderr
    assert "description" in res.stderr
    generate(project, "desc", "--from-migrations")
    assert "✓" in ok(project.forge("check")).stdout
    # and the target database was never touched
    assert query(project.db_url, "SELECT to_regclass('public.post')") == [(None,)]


# --- saved plans ---------------------------------------------------------------------------------


def test_apply_saved_plan(project, tmp_path):
    project.schema(POST)
    plan = tmp_path / "plan.json"
    ok(project.forge("plan", "--out", str(plan)))
    ok(project.forge("apply", str(plan)))
    assert columns(project.db_url) == ["id", "title"]


def test_saved_plan_refused_when_database_changed(project, tmp_path):
    project.schema(POST)
    plan = tmp_path / "plan.json"
    ok(project.forge("plan", "--out", str(plan)))
    run_sql(project.db_url, "CREATE TABLE intruder (a int)")
    res = project.forge("apply", str(plan))
    assert res.exit_code == 1 and "database changed since this plan was made" in res.stderr
    assert query(project.db_url, "SELECT to_regclass('public.post')") == [(None,)]


# --- no-transaction migrations -----------------------------------------------------------------


def test_concurrent_index_outside_transaction_and_retry(project):
    hand(project, "20250101000000", "base", "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1), (1);", "DROP TABLE t;")
    path = hand(project, "20250102000000", "uniq", "CREATE UNIQUE INDEX CONCURRENTLY t_a_key ON t (a);",
                "DROP INDEX CONCURRENTLY t_a_key;", directives="-- +no-transaction\n")
    res = project.forge("apply")
    assert res.exit_code == 1 and path.name in res.stderr and "t_a_key" in res.output
    assert history(project.db_url) == ["20250101000000"]
    assert query(project.db_url, "SELECT count(*) FROM pg_class WHERE relname = 't_a_key'") == [(0,)]
    # a killed run leaves an invalid index behind: the next apply drops it before retrying
    run_sql(project.db_url, "DELETE FROM t WHERE ctid = (SELECT min(ctid) FROM t)")
    run_sql(project.db_url, "CREATE INDEX t_a_key ON t (a); UPDATE pg_index SET indisvalid = false "
                            "WHERE indexrelid = 't_a_key'::regclass")
    ok(project.forge("apply"))
    assert query(project.db_url, "SELECT indisvalid, indisunique FROM pg_index WHERE indexrelid = 't_a_key'::regclass") \
        == [(True, True)]
    assert history(project.db_url) == ["20250101000000", "20250102000000"]
    ok(project.forge("rollback"))
    assert query(project.db_url, "SELECT to_regclass('public.t_a_key')") == [(None,)]


def test_concurrently_without_directive_is_detected(project):
    hand(project, "20250101000000", "base", "CREATE TABLE t (a int);", "DROP TABLE t;")
    # the directive is missing: refused up front, before anything runs
    path = project.write("migrations/20250102000000_idx.sql",
                         "-- +up\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n-- +down\nDROP INDEX CONCURRENTLY t_a;\n")
    ok(project.forge("rehash"))
    res = project.forge("apply")
    assert res.exit_code == 1 and path.name in res.stderr and "-- +no-transaction" in res.stderr
    assert query(project.db_url, "SELECT to_regclass('public.t')") == [(None,)]
    path.write_text("-- +no-transaction\n" + path.read_text())
    ok(project.forge("rehash"))
    ok(project.forge("apply"))
    assert query(project.db_url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_a'::regclass") == [(True,)]


# --- deploys -------------------------------------------------------------------------------------


def test_four_concurrent_applies(project):
    for i in range(5):
        hand(project, f"2025010100000{i}", f"m{i}", f"CREATE TABLE t{i} (a int);\nSELECT pg_sleep(0.1);",
             f"DROP TABLE t{i};")
    env = {**os.environ, "DATABASE_URL": project.db_url, "CI": "1", "NO_COLOR": "1"}
    procs = [subprocess.Popen([sys.executable, "-m", "schemaforge.cli", "apply"], cwd=project.root, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    assert all(code == 0 for code, _, _ in results), results
    assert query(project.db_url, "SELECT count(*), count(DISTINCT version) FROM schemaforge.migrations") == [(5, 5)]
    assert sum("applied 5 migration(s)" in out for _, out, _ in results) == 1


def test_apply_without_database_in_ci_refuses(project):
    hand(project, "20250101000000", "base", "CREATE TABLE t (a int);", "DROP TABLE t;")
    res = project.forge("apply", env={"DATABASE_URL": "", "CI": "1"})
    assert res.exit_code == 1 and "refusing to fall back to the embedded" in res.stderr


def test_help_has_examples(project):
    for cmd in ("generate", "apply", "rollback", "status", "check", "rehash", "lint"):
        res = ok(project.forge(cmd, "--help"))
        assert "Examples:" in res.stdout and f"forge {cmd}" in res.stdout


def test_manifest_total_and_merge_conflict(tmp_path):
    files.write_new(tmp_path, "one", ["SELECT 1"], [])
    sum_file = manifest.write(tmp_path)
    assert manifest.verify(tmp_path) == []
    lines = sum_file.read_text().splitlines()
    sum_file.write_text("h1:AAAA\n" + "\n".join(lines[1:]) + "\n")
    [problem] = manifest.verify(tmp_path)
    assert "total checksum" in problem.message and "forge rehash" in problem.hint
    # two branches each adding a migration both rewrite the total line: git shows a conflict
    sum_file.write_text("<<<<<<< ours\nh1:A\n=======\nh1:B\n>>>>>>> theirs\n" + "\n".join(lines[1:]) + "\n")
    [problem] = manifest.verify(tmp_path)
    assert "merge-conflict" in problem.message
    (tmp_path / manifest.SUM_FILE).unlink()
    [problem] = manifest.verify(tmp_path)
    assert "is missing" in problem.message and "forge rehash" in problem.hint


MOODS = """
enums:
  mood: { values: [ok, sad] }
entities:
  Note:
    columns:
      id: { type: bigint, primary: true }
      mood: { type: mood, default_sql: "'ok'" }
views:
  note_mood: { sql: "SELECT id, mood FROM note" }
"""


def test_rolling_back_a_new_enum_label_recreates_the_views_over_its_columns(project):
    """The down of ADD VALUE recreates the enum; a view over a column of it must go and come back."""
    project.schema(MOODS)
    generate(project, "one")
    ok(project.forge("apply"))
    before = pg_dump_schema(project.db_url)
    project.schema(MOODS.replace("[ok, sad]", "[ok, sad, glad]"))
    generate(project, "two")
    ok(project.forge("apply"))
    ok(project.forge("rollback", "--steps", "1", "--allow-destructive"))
    assert pg_dump_schema(project.db_url) == before
    assert query(project.db_url, "SELECT enum_range(NULL::mood)::text") == [("{ok,sad}",)]
