"""The migration linter: exact output lines, the rule table, and agreement with the plan's hazards."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from schemaforge.changes.base import HAZARD_KINDS
from schemaforge.lint import RULES, lint_migration
from schemaforge.migrations import files
from tests.conftest import ok
from tests.test_migrations import generate, hand


def lint_text(tmp_path: Path, up: str) -> list[tuple[int, str, str, bool]]:
    path = tmp_path / "20250101000000_x.sql"
    path.write_text(f"-- +up\n{up}\n-- +down\n")
    return [(f.line, f.rule, f.kind, f.destructive) for f in lint_migration(files.parse(path))]


def test_every_rule_speaks_the_hazard_vocabulary():
    assert len({r.id for r in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.kind in HAZARD_KINDS, rule
        assert rule.destructive == (rule.kind == "data_loss"), rule
        assert not (rule.destructive and rule.existing_tables_only), rule  # data loss matters everywhere


@pytest.mark.parametrize(("up", "expected"), [
    ('ALTER TABLE "public"."t" VALIDATE CONSTRAINT "c";', [(2, "validate_constraint", "validation", False)]),
    ("ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a * 2) STORED;",
     [(2, "add_generated_column", "table_rewrite", False)]),
    ("ALTER TABLE t ADD COLUMN i int GENERATED ALWAYS AS IDENTITY;", []),
    ('DROP SCHEMA "audit";', [(2, "drop_schema", "data_loss", True)]),
    ('ALTER TYPE "public"."pair" DROP ATTRIBUTE "b";', [(2, "drop_attribute", "data_loss", True)]),
    ("CREATE INDEX CONCURRENTLY i ON t (a);", []),
    ("CREATE INDEX i ON t (a);", [(2, "create_index", "long_lock", False)]),
    # a table created in the same migration holds no rows: only data loss counts there
    ("CREATE TABLE n (a int);\nCREATE INDEX i ON n (a);\nALTER TABLE n ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\n"
     "ALTER TABLE n VALIDATE CONSTRAINT c;\nALTER TABLE n DROP COLUMN a;", [(6, "drop_column", "data_loss", True)]),
])
def test_rules(tmp_path, up, expected):
    assert lint_text(tmp_path, up) == expected


def test_lint_output_lines(project):
    hand(project, "20250101000000", "base",
         "CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nALTER TABLE t ADD CONSTRAINT c0 CHECK (a > 0);",
         "DROP TABLE t;")
    res = ok(project.forge("lint"))  # the table is new: no lock to worry about
    assert res.stdout.splitlines() == ["✓ 1 migration(s) checked (pending): 0 hazard(s), none destructive"]
    ok(project.forge("apply"))
    hand(project, "20250102000000", "risky",
         "ALTER TABLE t ADD COLUMN b int NOT NULL;\nCREATE INDEX t_b ON t (b);\nALTER TABLE t ALTER COLUMN a TYPE bigint;\n"
         "ALTER TABLE t ALTER COLUMN a SET NOT NULL;\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);")
    res = ok(project.forge("lint"))
    f = "migrations/20250102000000_risky.sql"
    assert res.stdout.splitlines() == [
        f"{f}:2: hazard add_column_not_null: ADD COLUMN ... NOT NULL without a default: fails if the table has rows",
        f"{f}:3: hazard create_index: CREATE INDEX without CONCURRENTLY blocks writes to the table while it builds",
        f"{f}:4: hazard alter_column_type: ALTER COLUMN TYPE takes an ACCESS EXCLUSIVE lock and may rewrite the table",
        f"{f}:5: hazard set_not_null: SET NOT NULL scans the table and fails if it holds NULLs",
        f"{f}:6: hazard add_constraint: ADD CONSTRAINT without NOT VALID: existing rows must satisfy it, checked "
        "under a lock; add NOT VALID, then VALIDATE",
        "✓ 1 migration(s) checked (pending): 5 hazard(s), none destructive",
    ]
    hand(project, "20250103000000", "drop", "ALTER TABLE t DROP COLUMN b;")
    res = project.forge("lint")
    assert res.exit_code == 1
    assert res.stdout.splitlines()[-1] == (
        "migrations/20250103000000_drop.sql:2: destructive drop_column: DROP COLUMN drops the column and its data")
    assert res.stderr.splitlines() == [
        "error: 1 destructive statement(s) in the migrations checked (pending)",
        "  hint: make sure the data loss is intended and reviewed",
    ]


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


def test_lint_of_a_generated_migration_agrees_with_its_plan(project):
    """A dropped column, a type change, SET NOT NULL, a new NOT NULL column, a check and an index
    on an existing table: the plan and the lint of the migration written from it name the same
    hazards (the index is built CONCURRENTLY, so neither names one for it)."""
    project.schema(V1)
    generate(project, "v1")
    ok(project.forge("apply"))
    project.schema(V2)
    plan = json.loads(ok(project.forge("plan", "--format", "json")).stdout)
    planned = Counter(h["kind"] for c in plan["changes"] for h in c["hazards"])
    path = generate(project, "v2", "--allow-destructive")
    linted = Counter(f.kind for f in lint_migration(files.parse(project.root / path)))
    assert planned == linted == Counter(data_loss=1, table_rewrite=1, validation=3)
