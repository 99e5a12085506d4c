"""The migration linter: one hazard catalogue with plans, each rule and its near miss as exact
findings, lint-ignore directives, output formats line for line, exit codes, agreement with plans."""

from __future__ import annotations

import ast
import json
from collections import Counter
from pathlib import Path

import pytest

from schemaforge.changes.base import HAZARD_KINDS
from schemaforge.hazards import BY_CODE, CATALOGUE, LEVELS
from schemaforge.lint import RULES, from_path, lint_migration, lint_source
from schemaforge.lint.rules import CONTEXT_CODES
from schemaforge.migrations import files
from tests.conftest import ok
from tests.test_migrations import generate, hand

LT = "SET lock_timeout = '5s';\n"  # line 2 of every snippet below, so SF601 stays out of the way


def lint_up(tmp_path: Path, up: str, *, header: str = LT, directives: str = "") -> list[tuple[int, str]]:
    """(line, code) of each finding in a migration whose up section is ``header + up`` (line 2 on)."""
    return [(f.line, f.code) for f in lint_full(tmp_path, up, header=header, directives=directives)[0]]


def lint_full(tmp_path: Path, up: str, *, header: str = LT, directives: str = ""):
    if "-- +step" in up and header:  # once a section has steps, every statement is in one
        header = f"-- +step transaction\n{header}"
    path = tmp_path / "20250101000000_x.sql"
    path.write_text(f"{directives}-- +up\n{header}{up}\n-- +down\n")
    return lint_source(from_path(path))


def test_catalogue_is_one_vocabulary():
    assert len({e.code for e in CATALOGUE}) == len({e.name for e in CATALOGUE}) == len(CATALOGUE)
    for e in CATALOGUE:
        assert e.kind in HAZARD_KINDS and e.level in LEVELS, e
        assert e.message and e.fix, e
        assert e.kind != "data_loss" or e.level == "error", e  # losing data is always an error
    rule_codes = [r.code for r in RULES]
    assert len(set(rule_codes)) == len(rule_codes)
    # every entry lint can see has a rule (a pattern or a context rule); plan-only ones have none
    assert sorted(rule_codes + list(CONTEXT_CODES)) == sorted(e.code for e in CATALOGUE if e.lint)
    assert len(rule_codes) + len(CONTEXT_CODES) >= 20


def test_every_hazard_of_a_change_carries_a_catalogue_code():
    """Each ``Hazard(...)`` written in schemaforge/changes names its catalogue code, of its kind."""
    root = Path(__file__).resolve().parent.parent / "schemaforge" / "changes"
    calls = [(p.name, node) for p in sorted(root.glob("*.py")) for node in ast.walk(ast.parse(p.read_text()))
             if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Hazard"]
    assert len(calls) >= 18
    for name, call in calls:
        code = next((k.value for k in call.keywords if k.arg == "code"), None)
        assert code is not None, (name, call.lineno)
        # a literal, or a choice between literals
        choices = [code.body, code.orelse] if isinstance(code, ast.IfExp) else [code]
        for c in choices:
            assert c.value in BY_CODE and BY_CODE[c.value].kind == call.args[0].value, (name, call.lineno)


# (positive snippet, its exact findings, near miss with none). Snippets start at line 3.
CASES = {
    "SF101": ("DROP TABLE t;", [(3, "SF101")], "DROP VIEW t;"),
    "SF102": ("ALTER TABLE t DROP COLUMN a;", [(3, "SF102")], "ALTER TABLE t DROP CONSTRAINT c;"),
    "SF103": ("DROP SEQUENCE s;", [(3, "SF103")], "ALTER SEQUENCE s RESTART;"),
    "SF104": ('DROP SCHEMA "audit";', [(3, "SF104")], "CREATE SCHEMA audit;"),
    "SF105": ("DROP MATERIALIZED VIEW mv;", [(3, "SF105")],
              "DROP MATERIALIZED VIEW mv;\nCREATE MATERIALIZED VIEW mv AS SELECT 2;"),  # recreated: no loss
    "SF106": ('ALTER TYPE "public"."pair" DROP ATTRIBUTE "b";', [(3, "SF106")], "ALTER TYPE pair ADD ATTRIBUTE c int;"),
    "SF108": ("TRUNCATE t;", [(3, "SF108")], "SELECT 'TRUNCATE t';"),
    "SF109": ("DELETE FROM t;", [(3, "SF109")], "DELETE FROM t WHERE id = 1;"),
    "SF407": ("ALTER TYPE mood RENAME TO mood__forge_old;\nCREATE TYPE mood AS ENUM ('a');\n"
              "DROP TYPE mood__forge_old;", [(5, "SF407")], "DROP TYPE mood;"),
    "SF111": ("DROP VIEW v CASCADE;", [(3, "SF111")], "DROP VIEW v RESTRICT;"),
    "SF201": ("ALTER TABLE t ALTER COLUMN a TYPE bigint;", [(3, "SF201")],
              "ALTER TABLE t ALTER COLUMN a SET DEFAULT 0;"),
    "SF202": ("ALTER TABLE t ADD COLUMN u uuid DEFAULT gen_random_uuid();", [(3, "SF202")],
              "ALTER TABLE t ADD COLUMN at timestamptz DEFAULT now();"),  # stable: no rewrite since PostgreSQL 11
    "SF203": ("ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a * 2) STORED;", [(3, "SF203")],
              "ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a * 2) VIRTUAL;"),
    "SF204": ("CLUSTER t USING t_pkey;", [(3, "SF204")], "ANALYZE t;"),
    "SF206": ("ALTER TABLE t SET UNLOGGED;", [(3, "SF206")], "ALTER TABLE t SET (fillfactor = 70);"),
    "SF205": ("UPDATE t SET a = 0;", [(3, "SF205")], "UPDATE t SET a = 0 WHERE a IS NULL;"),
    "SF301": ("CREATE INDEX i ON t (a);", [(3, "SF301")],
              "-- +step no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);"),
    "SF302": ("DROP INDEX i;", [(3, "SF302")], "-- +step no-transaction\nDROP INDEX CONCURRENTLY i;"),
    "SF303": ("ALTER TABLE t ADD CONSTRAINT u UNIQUE (a);", [(3, "SF303")],
              "ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX u_idx;"),
    "SF304": ("REINDEX TABLE t;", [(3, "SF304")], "-- +step no-transaction\nREINDEX TABLE CONCURRENTLY t;"),
    "SF305": ("LOCK TABLE t IN ACCESS EXCLUSIVE MODE;", [(3, "SF305")], "SELECT 1 FROM t FOR UPDATE;"),
    "SF401": ("ALTER TABLE t ADD COLUMN b int NOT NULL;", [(3, "SF401")],
              "ALTER TABLE t ADD COLUMN b int NOT NULL DEFAULT 0;"),
    "SF402": ("ALTER TABLE t ALTER COLUMN a SET NOT NULL;", [(3, "SF402")],
              "ALTER TABLE t ALTER COLUMN a DROP NOT NULL;"),
    "SF403": ("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);", [(3, "SF403")],
              "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;"),
    "SF404": ('ALTER TABLE "public"."t" VALIDATE CONSTRAINT "c";', [(3, "SF404")],
              "CREATE TABLE t (a int);\nALTER TABLE t VALIDATE CONSTRAINT c;"),  # a new table holds no rows
    "SF405": ("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;",
              [(4, "SF404"), (4, "SF405")],
              "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\n-- +step transaction\n"
              "ALTER TABLE t VALIDATE CONSTRAINT c;\nSELECT 1 WHERE false;"),
    "SF406": ("ALTER DOMAIN pos ADD CONSTRAINT p CHECK (VALUE > 0);", [(3, "SF406")],
              "ALTER DOMAIN pos ADD CONSTRAINT p CHECK (VALUE > 0) NOT VALID;"),
    "SF501": ("ALTER TABLE t RENAME COLUMN a TO b;", [(3, "SF501")], "ALTER TABLE t RENAME CONSTRAINT c TO d;"),
    "SF502": ("ALTER TABLE t RENAME TO u;", [(3, "SF502")], "ALTER INDEX i RENAME TO j;"),
    "SF701": ("ALTER EXTENSION citext UPDATE TO '1.8';", [(3, "SF701")],
              "ALTER EXTENSION citext SET SCHEMA ext;"),
    "SF510": ("ALTER TABLE t FORCE ROW LEVEL SECURITY;", [(3, "SF510")], "ALTER TABLE t NO FORCE ROW LEVEL SECURITY;"),
    "SF602": ("CREATE INDEX CONCURRENTLY i ON t (a);", [(3, "SF602")],
              "-- +step no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);"),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_and_its_near_miss(tmp_path, code):
    positive, expected, near = CASES[code]
    assert lint_up(tmp_path, positive) == expected
    near_found = lint_up(tmp_path, near)
    assert [c for _, c in near_found] == (["SF404"] if code == "SF405" else [])  # VALIDATE scans either way


def test_every_pattern_rule_has_a_case():
    assert sorted({r.code for r in RULES} | {"SF105", "SF407", "SF405", "SF602"}) == sorted(CASES)


def test_lock_timeout_in_hand_written_sql(tmp_path):
    # once per file, at the first statement others queue behind; a new table blocks nobody
    up = "CREATE TABLE n (a int);\nALTER TABLE n ADD COLUMN b int;\nALTER TABLE t ADD COLUMN b int;\nDROP INDEX i;"
    assert lint_up(tmp_path, up, header="") == [(4, "SF601"), (5, "SF302")]
    assert lint_up(tmp_path, up, header="SELECT set_config('lock_timeout', '2s', false);\n") == [(6, "SF302")]
    # in the section it is a comment, not the header of a generated file
    assert lint_up(tmp_path, up, header="-- generated by schemaforge 0.1\n") == [(5, "SF601"), (6, "SF302")]
    generated = "-- schemaforge migration\n-- generated by schemaforge 0.1\n"
    # SQL typed into a generated file (forge generate --empty) is hand-written all the same
    assert lint_up(tmp_path, up, header="", directives=generated) == [(6, "SF601"), (7, "SF302")]
    # what forge generate writes: the runner sets lock_timeout for it
    up = 'ALTER TABLE "public"."t" ADD COLUMN "b" integer;\nDROP INDEX "public"."i";'
    assert lint_up(tmp_path, up, header="", directives=generated) == [(5, "SF302")]


def test_rules_never_match_inside_strings_comments_or_quoted_names(tmp_path):
    up = ("INSERT INTO audit VALUES ('DROP TABLE users; TRUNCATE t');\n/* DROP TABLE x; */ SELECT 1;\n"
          "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ DELETE FROM t $$;\n"
          'SELECT 1 AS "DROP TABLE", E\'\\\' DROP SCHEMA s\' -- DROP TABLE y\n;')
    assert lint_up(tmp_path, up) == []


def test_strings_comments_and_quoted_names_neither_trigger_nor_excuse(tmp_path):
    up = ("ALTER TABLE t ADD COLUMN s text DEFAULT 'random()';\n"  # no volatile call: a string
          "ALTER TABLE t ADD COLUMN b int NOT NULL /* DEFAULT 0 */;\n"  # a comment is no default
          "ALTER TABLE t ADD COLUMN c text CHECK (c <> ' DEFAULT ') NOT NULL;\n"  # nor is a string
          "ALTER TABLE t ADD CONSTRAINT k CHECK (s <> 'NOT VALID');\n"  # still validated under the lock
          'ALTER TABLE t ADD COLUMN "x NOT NULL" int;\n'  # a quoted name, a nullable column
          "DELETE FROM t -- WHERE id = 1\n;\n"
          "/* leading */ DROP TABLE u;")
    assert lint_up(tmp_path, up) == [(4, "SF401"), (5, "SF401"), (6, "SF403"), (8, "SF109"), (10, "SF101")]


def test_each_action_of_an_alter_table_on_its_own(tmp_path):
    up = "ALTER TABLE t ADD COLUMN b int DEFAULT 0, ADD COLUMN c int NOT NULL, ALTER d TYPE text;"
    assert lint_up(tmp_path, up) == [(3, "SF201"), (3, "SF401")]


def test_a_table_created_in_the_same_migration_only_counts_for_data_loss(tmp_path):
    up = ("CREATE TABLE n (a int);\nCREATE INDEX i ON n (a);\nALTER TABLE n ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\n"
          "ALTER TABLE n VALIDATE CONSTRAINT c;\nALTER TABLE n DROP COLUMN a;")
    assert lint_up(tmp_path, up) == [(7, "SF102")]


@pytest.mark.parametrize(("up", "left", "accepted"), [
    ("-- forge:lint-ignore SF101 archived to s3://bucket/t.csv\nDROP TABLE t;", [], [(4, "SF101")]),
    ("DROP TABLE t; -- forge:lint-ignore drop_table archived", [], [(3, "SF101")]),  # at its end, by name
    ("-- forge:lint-ignore SF101\nDROP TABLE t;", [(3, "SF901"), (4, "SF101")], []),  # no reason
    ("-- forge:lint-ignore SF999 typo\nDROP TABLE t;", [(3, "SF901"), (4, "SF101")], []),  # unknown code
    ("-- forge:lint-ignore\nDROP TABLE t;", [(3, "SF901"), (4, "SF101")], []),
    ("-- forge:lint-ignore SF102 the wrong one\nDROP TABLE t;", [(3, "SF902"), (4, "SF101")], []),
    # at the end of one statement: not about the next one
    ("SELECT 1; -- forge:lint-ignore SF101 misplaced\nDROP TABLE t;", [(3, "SF902"), (4, "SF101")], []),
    # one directive accepts one code: the other finding of the statement stays
    ("-- forge:lint-ignore SF102 moved to t_archive\nALTER TABLE t DROP COLUMN a CASCADE;", [(4, "SF111")],
     [(4, "SF102")]),
    # inside a string it is no directive
    ("SELECT '-- forge:lint-ignore SF101 x';\nDROP TABLE t;", [(4, "SF101")], []),
])
def test_lint_ignore(tmp_path, up, left, accepted):
    found, ok_ = lint_full(tmp_path, up)
    assert ([(f.line, f.code) for f in found], [(f.line, f.code) for f in ok_]) == (left, accepted)


def test_directive_messages(tmp_path):
    found, _ = lint_full(tmp_path, "-- forge:lint-ignore SF101\nDROP TABLE t;\n-- forge:lint-ignore nope x\nSELECT 1;")
    assert [f.message for f in found if f.code == "SF901"] == [
        "-- forge:lint-ignore needs a known code and a reason: no reason given for SF101",
        "-- forge:lint-ignore needs a known code and a reason: unknown code 'nope'",
    ]


def test_lint_output_lines(project):
    hand(project, "20250101000000", "base",
         "CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nALTER TABLE t ADD CONSTRAINT c0 CHECK (a > 0);",
         "DROP TABLE t;")
    res = ok(project.forge("lint"))  # the table is new: no lock to worry about
    assert res.stdout.splitlines() == ["✓ 1 migration(s) checked (pending): 0 hazard(s), no error"]
    ok(project.forge("apply"))
    hand(project, "20250102000000", "risky",
         "ALTER TABLE t ADD COLUMN b int;\nCREATE INDEX t_b ON t (b);\nALTER TABLE t ALTER COLUMN a TYPE bigint;\n"
         "ALTER TABLE t ALTER COLUMN a SET NOT NULL;\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);")
    res = ok(project.forge("lint"))
    f = "migrations/20250102000000_risky.sql"
    assert res.stdout.splitlines() == [
        f"{f}:2: warning SF601 missing_lock_timeout: a blocking statement with no SET lock_timeout before it: run "
        "outside forge apply (psql), it waits for its lock with every later query queued behind it",
        f"{f}:3: warning SF301 create_index: CREATE INDEX without CONCURRENTLY blocks writes to the table while it "
        "builds",
        f"{f}:4: warning SF201 alter_column_type: ALTER COLUMN TYPE takes an ACCESS EXCLUSIVE lock and may rewrite "
        "the table",
        f"{f}:5: warning SF402 set_not_null: SET NOT NULL scans the table and fails if it holds NULLs",
        f"{f}:6: warning SF403 add_constraint: ADD CONSTRAINT without NOT VALID: existing rows must satisfy it, "
        "checked under a lock; add NOT VALID, then VALIDATE",
        "✓ 1 migration(s) checked (pending): 5 hazard(s), no error",
    ]
    hand(project, "20250103000000", "drop", "SET lock_timeout = '1s';\nALTER TABLE t DROP COLUMN b;")
    res = project.forge("lint")
    assert res.exit_code == 1
    assert res.stdout.splitlines()[-1] == (
        "migrations/20250103000000_drop.sql:3: error SF102 drop_column: DROP COLUMN drops the column and its data")
    assert res.stderr.splitlines() == [
        "error: 1 error-level finding(s) in the migration(s) checked (pending)",
        "  hint: fix them (see the fix with --format json), or accept one deliberately with "
        "`-- forge:lint-ignore CODE reason`",
    ]


SCRIPT = ("SET lock_timeout = '2s';\nALTER TABLE post ADD COLUMN views int NOT NULL;\nCREATE INDEX post_v ON post (views);\n"
          "DELETE FROM post; -- forge:lint-ignore SF109 test data only\n")


def test_lint_given_files_formats_and_exit_codes(offline_project):
    """A hand-written script outside the migrations folder, no database needed: text, json, github."""
    project = offline_project
    project.write("fix.sql", SCRIPT)
    res = project.forge("lint", "fix.sql")
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        "fix.sql:2: error SF401 add_column_not_null: ADD COLUMN ... NOT NULL without a default: fails if the table "
        "has rows",
        "fix.sql:3: warning SF301 create_index: CREATE INDEX without CONCURRENTLY blocks writes to the table while "
        "it builds",
    ]
    assert res.stderr.splitlines()[0] == "error: 1 error-level finding(s) in the file(s) checked (given)"
    res = project.forge("lint", "--format", "json", "fix.sql")
    assert res.exit_code == 1
    assert json.loads(res.stdout) == [
        {"file": "fix.sql", "line": 2, "code": "SF401", "level": "error",
         "message": "ADD COLUMN ... NOT NULL without a default: fails if the table has rows",
         "fix": "add it with a DEFAULT, or nullable, backfill, then SET NOT NULL"},
        {"file": "fix.sql", "line": 3, "code": "SF301", "level": "warning",
         "message": "CREATE INDEX without CONCURRENTLY blocks writes to the table while it builds",
         "fix": "CREATE INDEX CONCURRENTLY, in a step without a transaction (-- +step no-transaction)"},
    ]
    res = project.forge("lint", "--format", "github", "fix.sql")
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        "::error file=fix.sql,line=2,title=SF401::ADD COLUMN ... NOT NULL without a default: fails if the table "
        "has rows. Fix: add it with a DEFAULT, or nullable, backfill, then SET NOT NULL",
        "::warning file=fix.sql,line=3,title=SF301::CREATE INDEX without CONCURRENTLY blocks writes to the table "
        "while it builds. Fix: CREATE INDEX CONCURRENTLY, in a step without a transaction (-- +step no-transaction)",
    ]
    # warnings alone exit 0; the directive's acceptance is counted
    project.write("fix.sql", SCRIPT.replace(" NOT NULL", ""))
    res = ok(project.forge("lint", "fix.sql"))
    assert res.stdout.splitlines()[-1] == "✓ 1 file(s) checked (given): 1 hazard(s), no error, 1 accepted by lint-ignore"
    assert ok(project.forge("lint", "--format", "json", "fix.sql")).stdout.count('"code"') == 1
    project.root.joinpath("latin1.sql").write_bytes(b"SELECT '\xe9';")
    res = project.forge("lint", "latin1.sql")
    assert (res.exit_code, res.stderr.splitlines()[0]) == (1, "error: latin1.sql: not UTF-8 text (byte 8)")
    res = project.forge("lint", "missing.sql")
    assert res.exit_code == 2 and "'missing.sql' does not exist" in res.stderr


V1 = """
entities:
  Post:
    columns:
      id: { type: bigint, primary: true, identity: always }
      title: { type: text }
      score: { type: integer }
      body: { type: text, nullable: true }
      tag: { type: text, nullable: true }
"""
V2 = """
entities:
  Post:
    columns:
      id: { type: bigint, primary: true, identity: always }
      title: { type: text }
      score: { type: bigint }
      tag: { type: text }
      views: { type: integer }
    indexes:
      - { columns: [title] }
    checks:
      score_positive: "score > 0"
"""


POSTS = """
entities:
  Post:
    columns:
      id: { type: bigint, primary: true }
      title: { type: text }
    indexes:
      - { name: post_title, columns: [title] }
  Tag:
    columns:
      id: { type: bigint, primary: true }
      label: { type: text }
    indexes:
      - { name: tag_label, columns: [label] }
"""
RENAMED = POSTS.replace("  Post:\n", "  Article:\n    renamed_from: post\n").replace(
    "title: { type: text }", "headline: { type: text, renamed_from: title }").replace("[title]", "[headline]")
NO_INDEX = POSTS.replace("    indexes:\n      - { name: post_title, columns: [title] }\n", "")
# an identity, a serial and a volatile default fill existing rows one by one; a literal that reads like a call does not
REWRITES = POSTS.replace("title: { type: text }", """title: { type: text }
      n: { type: bigint, identity: always }
      s: { type: serial }
      u: { type: uuid, default_sql: "gen_random_uuid()" }
      note: { type: text, default: "random()" }""", 1)
NO_TAG = POSTS[:POSTS.index("  Tag:")]


@pytest.mark.parametrize(("v1", "v2", "codes"), [
    # a dropped column, a type change, SET NOT NULL, a new NOT NULL column, a check and an index on an
    # existing table: the check is added NOT VALID and VALIDATEd in the next step (SF404); SET NOT NULL goes
    # through a validated helper check (its VALIDATE is the second SF404), so it scans nothing (no SF402);
    # the index is built CONCURRENTLY, so neither names one for it
    (V1, V2, dict(SF102=1, SF201=1, SF401=1, SF404=2)),
    (POSTS, RENAMED, dict(SF501=1, SF502=1)),  # the renames break running code
    (POSTS, NO_INDEX, dict(SF302=1)),  # a plain DROP INDEX on a table that holds rows
    (POSTS, REWRITES, dict(SF202=3)),  # PostgreSQL rewrites the table for each (relfilenode changes)
    # the table's index is dropped on its own first: a lock the DROP TABLE would take anyway, but both name it
    (POSTS, NO_TAG, dict(SF101=1, SF302=1)),
], ids=["mixed", "renames", "drop_index", "rewrites", "drop_table"])
def test_lint_of_a_generated_migration_agrees_with_its_plan(project, v1, v2, codes):
    """A migration generated from a plan lints to the same codes as the plan's hazards."""
    project.schema(v1)
    generate(project, "v1")
    ok(project.forge("apply"))
    project.schema(v2)
    plan = json.loads(ok(project.forge("plan", "--format", "json")).stdout)
    planned = Counter(h["code"] for c in plan["changes"] for h in c["hazards"])
    path = generate(project, "v2", "--allow-destructive")
    linted = Counter(f.code for f in lint_migration(files.parse(project.root / path)))
    assert (planned, linted) == (Counter(codes), Counter(codes)), (project.root / path).read_text()


def test_the_catalogue_page_matches_the_catalogue():
    page = (Path(__file__).resolve().parent.parent / "docs" / "hazards.md").read_text()
    rows = [line for line in page.splitlines() if line.startswith("| SF")]
    assert [r.split(" | ")[:4] for r in rows] == [[f"| {e.code}", f"`{e.name}`", e.level, e.kind] for e in CATALOGUE]


def test_a_plain_script_runs_as_psql_runs_it(tmp_path):
    """Outside BEGIN ... COMMIT each statement commits on its own: CONCURRENTLY is fine there."""
    path = tmp_path / "fix.sql"
    path.write_text("SET lock_timeout = '1s';\nCREATE INDEX CONCURRENTLY i ON t (a);\nBEGIN;\n"
                    "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;\n"
                    "REINDEX TABLE CONCURRENTLY t;\nCOMMIT;\nALTER TABLE t ADD CONSTRAINT d CHECK (a > 0) NOT VALID;\n"
                    "ALTER TABLE t VALIDATE CONSTRAINT d;\n")
    found, _ = lint_source(from_path(path))
    assert [(f.line, f.code) for f in found] == [(5, "SF404"), (5, "SF405"), (6, "SF602"), (9, "SF404")]
