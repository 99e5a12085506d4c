"""Destructive changes need consent on every path, and the bookkeeping tells the truth.

Issue 8: ``forge rollback`` ran downs that drop data, ``forge apply PLANFILE`` ran a saved
plan's drops without ``--allow-destructive``, dropping a sequence or a materialized view was
not destructive anywhere, a plan applied from a file left no history row (so ``status``
reported drift right after it), and ``forge status`` exited 0 whatever it found.
"""

from __future__ import annotations

import json

import pytest

from schemaforge import output
from tests.conftest import ok, query, run_sql, squash
from tests.test_migrations import columns, generate, hand, history

BASE = """
entities:
  Post:
    columns:
      id: { type: bigint, primary: true, identity: always }
      title: { type: text }
"""
HINT = "  hint: re-run with --allow-destructive if losing that data is intended"


def refusal(res) -> list[str]:
    assert res.exit_code == 1, res.output
    return res.stderr.splitlines()


# --- rollback ------------------------------------------------------------------------------------


def test_rollback_names_the_data_its_down_drops_and_refuses(project):
    hand(project, "20250101000000", "base", "CREATE TABLE post (id int PRIMARY KEY, title text);", "DROP TABLE post;")
    hand(project, "20250102000000", "desc", "ALTER TABLE post ADD COLUMN description text;",
         "ALTER TABLE post DROP COLUMN description;")
    ok(project.forge("apply"))
    run_sql(project.db_url, "INSERT INTO post VALUES (1, 'a', 'x'), (2, 'b', NULL), (3, 'c', 'z')")

    assert refusal(project.forge("rollback")) == [
        "error: rolling back 20250102000000_desc would lose data (1 destructive change):",
        "  - drops column public.post.description and its data (2 rows hold a value)",
        HINT,
    ]
    assert refusal(project.forge("rollback", "--steps", "2")) == [
        "error: rolling back 20250102000000_desc, 20250101000000_base would lose data (1 destructive change):",
        "  - drops table public.post and all its rows (3 rows)",
        HINT,
    ]
    assert columns(project.db_url) == ["id", "title", "description"]
    assert history(project.db_url) == ["20250101000000", "20250102000000"]
    res = ok(project.forge("rollback", "--dry-run"))  # says so, changes nothing
    assert res.stderr.splitlines() == [
        "! rolling back 20250102000000_desc would lose data (1 destructive change):",
        "  - drops column public.post.description and its data (2 rows hold a value)",
        "  without --allow-destructive it would be refused",
        "dry run: 1 migration(s) would be rolled back; nothing was changed",
    ]
    assert columns(project.db_url) == ["id", "title", "description"]

    ok(project.forge("rollback", "--allow-destructive"))
    assert columns(project.db_url) == ["id", "title"]
    assert history(project.db_url) == ["20250101000000"]


def test_rollback_of_renames_and_moves_needs_no_consent(project):
    hand(project, "20250101000000", "base", "CREATE SCHEMA archive;\nCREATE TABLE post (id int, title text);",
         "DROP TABLE post;\nDROP SCHEMA archive;")
    hand(project, "20250102000000", "rename", "ALTER TABLE post RENAME COLUMN title TO headline;",
         "ALTER TABLE post RENAME COLUMN headline TO title;")
    hand(project, "20250103000000", "move", "ALTER TABLE post SET SCHEMA archive;",
         "ALTER TABLE archive.post SET SCHEMA public;")
    ok(project.forge("apply"))
    run_sql(project.db_url, "INSERT INTO archive.post VALUES (1, 'kept')")
    ok(project.forge("rollback", "--steps", "2"))
    assert query(project.db_url, "SELECT id, title FROM public.post") == [(1, "kept")]
    assert history(project.db_url) == ["20250101000000"]


@pytest.mark.parametrize(("up", "down", "fill", "line"), [
    ("CREATE SEQUENCE counter;", "DROP SEQUENCE counter;", "SELECT setval('counter', 5000)",
     "  - drops sequence public.counter and its current value (at 5000)"),
    ("CREATE TABLE t (a int);\nCREATE MATERIALIZED VIEW mv AS SELECT a FROM t;", "DROP MATERIALIZED VIEW mv;",
     "INSERT INTO t VALUES (1), (2); REFRESH MATERIALIZED VIEW mv",
     "  - drops materialized view public.mv and its rows (2 rows)"),
], ids=["sequence", "matview"])
def test_rollback_dropping_a_sequence_or_materialized_view_is_destructive(project, up, down, fill, line):
    hand(project, "20250101000000", "objects", up, down)
    ok(project.forge("apply"))
    run_sql(project.db_url, fill)
    assert refusal(project.forge("rollback")) == [
        "error: rolling back 20250101000000_objects would lose data (1 destructive change):", line, HINT]
    assert history(project.db_url) == ["20250101000000"]


# --- apply PLANFILE --------------------------------------------------------------------------------

PLAN_CASES = {
    "drop_column": (BASE + "      body: { type: text, nullable: true }\n", BASE,
                    "INSERT INTO post (title, body) VALUES ('a', 'kept'), ('b', NULL)",
                    "  - drops column public.post.body and its data (1 row holds a value)"),
    "narrowing": (BASE + '      amount: { type: "numeric(12,2)" }\n', BASE + '      amount: { type: "numeric(12,0)" }\n',
                  "INSERT INTO post (title, amount) VALUES ('a', 1.25)",
                  "  - public.post.amount: numeric(12,2) -> numeric(12,0) may fail on or change existing values: "
                  "numeric(12,0) cannot hold every numeric(12,2) value (1 row holds a value)"),
    "table_move": (BASE, BASE.replace("  Post:\n", "  Post:\n    schema: archive\n"),
                   "INSERT INTO post (title) VALUES ('a')",
                   "  - drops table public.post and all its rows (1 row)"),
}


@pytest.mark.parametrize("case", sorted(PLAN_CASES))
def test_apply_planfile_refuses_destructive_changes_without_consent(project, tmp_path, case):
    v1, v2, fill, line = PLAN_CASES[case]
    project.schema(v1)
    ok(project.forge("sync"))
    run_sql(project.db_url, fill)
    project.schema(v2)
    plan = tmp_path / "plan.json"
    res = ok(project.forge("plan", "--out", str(plan)))
    assert "destructive change(s): applying needs --allow-destructive" in res.stdout

    assert refusal(project.forge("apply", str(plan))) == [
        "error: the plan in plan.json would lose data (1 destructive change):", line, HINT]
    assert query(project.db_url, "SELECT to_regclass('schemaforge.migrations')") == [(None,)]
    ok(project.forge("apply", str(plan), "--allow-destructive"))
    doc = json.loads(ok(project.forge("plan", "--format", "json")).stdout)
    assert doc["changes"] == []


# --- sequences and materialized views on every path ---------------------------------------------

OBJECT_CASES = {
    "sequence": (BASE + "sequences:\n  counter: { start: 1 }\n", "SELECT setval('counter', 5000)",
                 "drop sequence public.counter",
                 "  - drops sequence public.counter and its current value (at 5000)"),
    "matview": (BASE + "views:\n  post_count: { sql: \"SELECT count(*) AS n FROM post\", materialized: true }\n",
                "SELECT 1", "drop materialized view public.post_count",
                "  - drops materialized view public.post_count and its rows (1 row)"),
}


@pytest.mark.parametrize("case", sorted(OBJECT_CASES))
def test_dropping_a_sequence_or_materialized_view_is_destructive_everywhere(project, tmp_path, case):
    v1, fill, description, line = OBJECT_CASES[case]
    project.schema(v1)
    ok(project.forge("sync"))
    run_sql(project.db_url, fill)
    project.schema(BASE)

    doc = json.loads(ok(project.forge("plan", "--format", "json")).stdout)
    [change] = [c for c in doc["changes"] if c["description"] == description]
    assert change["destructive"] is True
    assert doc["summary"]["destructive"] == 1

    assert refusal(project.forge("sync")) == ["error: sync would lose data (1 destructive change):", line, HINT]
    assert refusal(project.forge("generate", "drop it")) == [
        "error: the migration would lose data (1 destructive change):", line, HINT]
    plan = tmp_path / "plan.json"
    ok(project.forge("plan", "--out", str(plan)))
    assert refusal(project.forge("apply", str(plan))) == [
        "error: the plan in plan.json would lose data (1 destructive change):", line, HINT]
    # nothing was dropped on the way
    doc = json.loads(ok(project.forge("plan", "--format", "json")).stdout)
    assert [c["description"] for c in doc["changes"]] == [description]


# --- bookkeeping -----------------------------------------------------------------------------------


def test_plan_applied_from_a_file_is_recorded_in_history(project, tmp_path):
    project.schema(BASE)
    plan = tmp_path / "plan.json"
    ok(project.forge("plan", "--out", str(plan)))
    saved = json.loads(plan.read_text())
    ok(project.forge("apply", str(plan)))
    rows = query(project.db_url, "SELECT name, kind, up_sql, down_sql FROM schemaforge.migrations")
    assert rows == [("plan.json", "plan", output.script(saved["up"]), output.script(saved["down"]))]

    res = project.forge("status", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["drift"] == {"in_sync": True, "changes": []}
    assert [(m["name"], m["state"], m["kind"]) for m in doc["migrations"]] == [("plan.json", "applied", "plan")]
    # a later `forge apply` does not take the plan's row for a deleted migration file
    assert ok(project.forge("apply")).stdout.strip() == "✓ nothing to apply: the database is up to date"
    # and `forge rollback` undoes the plan with the down SQL it recorded
    ok(project.forge("rollback", "--allow-destructive"))
    assert query(project.db_url, "SELECT to_regclass('public.post'), count(*) FROM schemaforge.migrations") == [
        (None, 0)]


POST = BASE
POST_DESC = BASE + "      description: { type: text, nullable: true }\n"


def test_status_exit_code(project):
    project.schema(POST)
    first = generate(project, "init")
    ok(project.forge("apply"))
    res = project.forge("status")
    assert (res.exit_code, res.stdout.splitlines()[-1], res.stderr) == (
        0, "in sync: the database matches its applied migrations", "")

    project.schema(POST_DESC)
    generate(project, "desc")
    assert project.forge("status").exit_code == 0  # pending migrations are normal ...
    res = project.forge("status", "--exit-code")  # ... unless asked
    assert (res.exit_code, res.stderr) == (1, "✗ not clean: 1 pending migration(s)\n")
    ok(project.forge("apply"))

    run_sql(project.db_url, "ALTER TABLE post ADD COLUMN sneaky int")
    for args in ((), ("--format", "json")):
        res = project.forge("status", *args)
        assert (res.exit_code, res.stderr) == (1, "✗ not clean: drift\n"), args
    run_sql(project.db_url, "ALTER TABLE post DROP COLUMN sneaky")
    assert project.forge("status").exit_code == 0

    original = first.read_text()
    first.write_text(original.replace("-- +down", "-- edited\n-- +down"))
    res = project.forge("status")
    assert (res.exit_code, res.stderr) == (1, "✗ not clean: 1 modified migration(s), 1 manifest problem(s)\n")
    ok(project.forge("rehash"))
    res = project.forge("status")
    assert (res.exit_code, res.stderr) == (1, "✗ not clean: 1 modified migration(s)\n")

    first.unlink()
    ok(project.forge("rehash"))
    res = project.forge("status")
    assert (res.exit_code, res.stderr) == (1, "✗ not clean: 1 missing migration file(s)\n")


def test_status_help_documents_the_exit_code(project):
    text = squash(ok(project.forge("status", "--help")).stdout)
    assert ("Exit code: 0 when clean; 1 on drift, modified or missing migration files or manifest problems "
            "(and on pending migrations with --exit-code).") in text
    assert "--exit-code" in text


def test_lint_flags_dropping_a_sequence_or_materialized_view(project):
    hand(project, "20250101000000", "drops", "DROP SEQUENCE counter;\nDROP MATERIALIZED VIEW mv;\n"
         "DROP MATERIALIZED VIEW mv2;\nCREATE MATERIALIZED VIEW mv2 AS SELECT 2;")  # mv2 recreated: no loss
    res = project.forge("lint")
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        "migrations/20250101000000_drops.sql:2: error SF103 drop_sequence: DROP SEQUENCE drops the sequence and "
        "its current value",
        "migrations/20250101000000_drops.sql:3: error SF105 drop_materialized_view: DROP MATERIALIZED VIEW drops "
        "the view and its rows",
    ]


def test_rollback_that_drops_and_recreates_still_loses_the_data(project):
    hand(project, "20250101000000", "base", "CREATE TABLE post (id int, body text);\nCREATE SEQUENCE counter;",
         "DROP TABLE post;\nDROP SEQUENCE counter;")
    hand(project, "20250102000000", "reset", "SELECT 1;",  # a hand-written down that "resets" by re-creating
         "ALTER TABLE post DROP COLUMN body;\nALTER TABLE post ADD COLUMN body text;\n"
         "DROP SEQUENCE counter;\nCREATE SEQUENCE counter;")
    ok(project.forge("apply"))
    run_sql(project.db_url, "INSERT INTO post VALUES (1, 'x'); SELECT setval('counter', 7)")
    assert refusal(project.forge("rollback")) == [
        "error: rolling back 20250102000000_reset would lose data (2 destructive changes):",
        "  - drops column public.post.body and its data (1 row holds a value)",
        "  - drops sequence public.counter and its current value (at 7)",
        HINT,
    ]


def test_rollback_of_functions_and_triggers_needs_no_consent(project):
    hand(project, "20250101000000", "base", "CREATE TABLE post (id int);", "DROP TABLE post;")
    hand(project, "20250102000000", "trigger",
         "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
         "CREATE TRIGGER post_touch BEFORE UPDATE ON post FOR EACH ROW EXECUTE FUNCTION touch();",
         "DROP TRIGGER post_touch ON post;\nDROP FUNCTION touch();")
    ok(project.forge("apply"))
    ok(project.forge("rollback"))
    assert history(project.db_url) == ["20250101000000"]


MOODS = """
enums:
  mood:
    values: [{labels}]
entities:
  Post:
    columns:
      id: {{ type: bigint, primary: true }}
      mood: {{ type: mood }}
"""


def test_removing_an_enum_label_needs_no_consent_and_a_row_holding_it_makes_it_fail_losing_nothing(project):
    """The conversion ``col::text::new_enum`` cannot lose a value: a row holding a removed label
    makes it fail inside its transaction. So no --allow-destructive, and an error-level
    validation hazard (SF407) instead of a data-loss one."""
    project.schema(MOODS.format(labels="ok, sad, meh"))
    ok(project.forge("sync"))
    run_sql(project.db_url, "INSERT INTO post VALUES (1, 'ok'), (2, 'sad')")
    project.schema(MOODS.format(labels="ok, sad"))
    doc = json.loads(ok(project.forge("plan", "--format", "json")).stdout)
    assert [(h["code"], h["level"], h["kind"], h["destructive"]) for c in doc["changes"] for h in c["hazards"]] == [
        ("SF201", "warning", "table_rewrite", False), ("SF407", "error", "validation", False)]
    ok(project.forge("sync"))  # no --allow-destructive: nothing can be lost
    assert query(project.db_url, "SELECT id, mood::text FROM post ORDER BY id") == [(1, "ok"), (2, "sad")]
    project.schema(MOODS.format(labels="ok"))
    res = project.forge("sync")
    assert res.exit_code == 1 and 'invalid input value for enum mood: "sad"' in res.stderr, res.output
    assert query(project.db_url, "SELECT id, mood::text FROM post ORDER BY id") == [(1, "ok"), (2, "sad")]
    assert query(project.db_url, "SELECT enum_range(NULL::mood)::text") == [("{ok,sad}",)]
