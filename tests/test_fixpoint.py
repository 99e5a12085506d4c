"""Catalog text that is not a fixpoint must never make a false diff (issue 8, finding 1).

PostgreSQL's deparsed expression text is not always what it stores when the text is
submitted again: ``kind IN ('a', 'b')`` on a ``varchar`` column reads back as
``((kind)::text = ANY ((ARRAY['a'::character varying, ...])::text[]))``, and submitting that
stores ``ARRAY[('a'::character varying)::text, ...]``. Whatever schemaforge renders must be
what it compares, on every path: CREATE TABLE, ALTER TABLE ... ADD, a rollback's down, a
replay of the migrations; for checks, defaults, index expressions and predicates, generated
columns, domain checks, views and exclusion constraints. Each story ends with an empty plan
and the same schema (by our introspection and by a normalized pg_dump) as a database built
from the final YAML in one go.
"""

from __future__ import annotations

import json
import re

import psycopg
import pytest

from tests.conftest import Project, ok, pg_dump_schema, plan_json, run_sql
from tests.pairs import execute, execute_steps, inspect_url

BASE = """
entities:
  Item:
    columns:
      id: { type: bigint, primary: true }
      name: { type: varchar(40) }
"""

# (v1, v2): v2 adds something whose catalog text is not a fixpoint, to an existing table
CASES = {
    "column_check_in_on_varchar": (
        BASE, BASE + "      kind: { type: varchar(10), nullable: true, check: \"kind IN ('a', 'b')\" }\n"),
    "table_check_on_existing_column": (
        BASE, BASE + "    checks:\n      name_ok: \"name NOT IN ('x', 'y') AND name::varchar(5) <> ''\"\n"),
    "check_between_like_any_concat": (
        BASE, BASE + "    checks:\n      name_ok: \"name BETWEEN 'a' AND 'z' AND name LIKE ANY (ARRAY['a%', 'b%'])"
        " AND (name || 'x')::varchar(50) IN ('ax', 'bx')\"\n"),
    "check_array_literal": (
        BASE, BASE + "      tags: { type: \"varchar(10)[]\", nullable: true,"
        " check: \"tags = ARRAY['a', 'b']::varchar[] OR tags[1] IN ('c', 'd')\" }\n"),
    "default": (
        BASE, BASE + "      flag: { type: boolean, nullable: true, default_sql: \"('a'::varchar IN ('a', 'b'))\" }\n"),
    "index_expression_and_predicate": (
        BASE, BASE + "    indexes:\n      - { expressions: [\"(name IN ('a', 'b'))\"], where: \"name IN ('c', 'd')\" }\n"),
    "generated_column": (
        BASE, BASE + "      is_ab: { type: boolean, nullable: true, generated_sql: \"name IN ('a', 'b')\" }\n"),
    "domain_check": (
        BASE,
        "domains:\n  kind_t: { type: varchar(10), default_sql: \"'a'::varchar\","
        " checks: { kind_ok: \"VALUE IN ('a', 'b')\" } }\n"
        + BASE + "      kind: { type: kind_t, nullable: true }\n"),
    "view": (
        BASE, BASE + "views:\n  ab_items:\n    sql: SELECT id, name IN ('a', 'b') AS is_ab FROM item"
        " WHERE name NOT IN ('x', 'y')\n"),
    "exclusion": (
        BASE, BASE + "    exclusions:\n      - { method: btree, elements: [{ element: id, with: \"=\" },"
        " { element: \"(name NOT IN ('x', 'y'))\", with: \"=\" }], where: \"name IN ('a', 'b')\" }\n"),
    "policy": (
        BASE, BASE + "    rls: { enabled: true }\n    policies:\n      - { name: ab, using: \"name IN ('a', 'b')\","
        " with_check: \"name NOT IN ('x', 'y')\" }\n"),
    "type_change_under_check_and_index": (
        BASE.replace("varchar(40) }", "varchar(40), check: \"name IN ('a', 'b')\" }")
        + "    indexes:\n      - { expressions: [\"(name IN ('c', 'd'))\"] }\n",
        BASE.replace("varchar(40) }", "text, check: \"name IN ('a', 'b')\" }")
        + "    indexes:\n      - { expressions: [\"(name IN ('c', 'd'))\"] }\n"),
}


# --- PostgreSQL 18: NOT NULL constraint names -------------------------------------------------
# 18 names NOT NULL constraints, and when the name it would pick is taken it appends a digit.
# A name still held by a constraint that the same plan renames (PostgreSQL derived it from a
# column or table name that is renamed) must not make ADD COLUMN pick another name than the
# one-go CREATE TABLE does.

NN_BASE = """
entities:
  Item:
    columns:
      id: { type: bigint, primary: true }
      title: { type: varchar(40) }
"""
NOT_NULL_CASES = {
    "rename_column_and_reuse_its_name": (
        NN_BASE,
        NN_BASE.replace("title: { type: varchar(40) }", "headline: { type: varchar(40), renamed_from: title }")
        + "      title: { type: text }\n"),
    "rename_table_and_add_column_with_the_old_derived_name": (
        NN_BASE.replace("title:", "b_title:"),
        NN_BASE.replace("  Item:\n", "  ItemB:\n    table: item_b\n    renamed_from: item\n").replace("title:", "b_title:")
        + "      title: { type: text }\n"),
}






def snapshot(url: str):
    return inspect_url(url), pg_dump_schema(url)


def reference(tmp_path, make_db, monkeypatch, yaml: str):
    """The schema ``yaml`` gives when synced in one go into an empty database."""
    root = tmp_path / "reference"
    root.mkdir(exist_ok=True)
    ref = Project(root, make_db(), monkeypatch)
    ref.schema(yaml)
    ok(ref.forge("sync"))
    return snapshot(ref.db_url)


def without_hints(yaml: str) -> str:
    return re.sub(r"(,\s*renamed_from: \w+|\n\s*renamed_from: \w+)", "", yaml)


def assert_same(url: str, expected, what: str) -> None:
    model, dump = snapshot(url)
    assert model == expected[0], f"introspection differs {what}"
    assert dump == expected[1], f"pg_dump differs {what}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_sync_then_down(project, make_db, tmp_path, monkeypatch, name):
    v1, v2 = CASES[name]
    project.schema(v1)
    ok(project.forge("sync"))
    before = snapshot(project.db_url)
    project.schema(v2)
    doc = plan_json(project)
    ok(project.forge("sync"))
    assert plan_json(project)["changes"] == [], "plan not empty after sync"
    assert_same(project.db_url, reference(tmp_path, make_db, monkeypatch, v2), "from the one-go sync of v2")
    execute_steps(project.db_url, doc["down_steps"])  # as apply runs them: CONCURRENTLY outside a transaction
    assert_same(project.db_url, before, "after the down script")
    project.schema(v1)
    assert plan_json(project)["changes"] == [], "plan not empty after the down script"


@pytest.mark.parametrize("name", sorted(CASES) + sorted(NOT_NULL_CASES))
def test_generate_apply_check_rollback(project, make_db, tmp_path, monkeypatch, name):
    v1, v2 = (CASES | NOT_NULL_CASES)[name]
    project.schema(v1)
    ok(project.forge("generate", "one"))
    ok(project.forge("apply"))
    before = snapshot(project.db_url)
    project.schema(v2)
    res = ok(project.forge("generate", "two"))
    written = len(res.stdout.strip().splitlines())  # indexes on existing tables: a file of their own
    ok(project.forge("apply"))
    assert plan_json(project)["changes"] == [], "plan not empty after apply"
    res = ok(project.forge("check"))  # the migrations replayed on a scratch database
    assert "capture the schema" in res.stdout
    res = ok(project.forge("generate", "three", "--from-migrations"))
    assert "no changes" in res.stdout
    res = ok(project.forge("status", "--format", "json"))
    assert json.loads(res.stdout)["drift"]["in_sync"], res.stdout
    assert_same(project.db_url, reference(tmp_path, make_db, monkeypatch, without_hints(v2)), "from the one-go sync of v2")
    ok(project.forge("rollback", "--steps", str(written), "--allow-destructive"))
    assert_same(project.db_url, before, "after rollback")
    project.schema(v1)
    assert plan_json(project)["changes"] == [], "plan not empty after rollback"


@pytest.mark.parametrize("name", sorted(set(CASES) - {"type_change_under_check_and_index"}))  # v2 settles at once
def test_whole_schema_from_scratch_and_down(project, name):
    """CREATE TABLE (and friends) from nothing, then the down script back to nothing."""
    _, v2 = CASES[name]
    project.schema(v2)
    doc = plan_json(project)
    ok(project.forge("sync"))
    assert plan_json(project)["changes"] == []
    execute(project.db_url, doc["down"])
    assert inspect_url(project.db_url).tables == ()


# Targets not made by schemaforge: the same expression as a user wrote it (catalog text of the
# first submission), and as pg_dump | psql leaves it (catalog text of the second).
TARGET_SQL = """
CREATE TABLE item (
  id bigint PRIMARY KEY,
  kind varchar(10) CONSTRAINT item_kind_check CHECK (kind IN ('a', 'b')),
  flag boolean DEFAULT ('a'::varchar IN ('a', 'b'))
);
CREATE INDEX item_expr_idx ON item ((kind IN ('a', 'b'))) WHERE kind IN ('c', 'd');
CREATE VIEW ab_items AS SELECT id FROM item WHERE kind IN ('a', 'b');
"""
TARGET_YAML = """
entities:
  Item:
    columns:
      id: { type: bigint, primary: true }
      kind: { type: varchar(10), nullable: true, check: "kind IN ('a', 'b')" }
      flag: { type: boolean, nullable: true, default_sql: "('a'::varchar IN ('a', 'b'))" }
    indexes:
      - { name: item_expr_idx, expressions: ["(kind IN ('a', 'b'))"], where: "kind IN ('c', 'd')" }
views:
  ab_items:
    sql: SELECT id FROM item WHERE kind IN ('a', 'b')
"""


def _resubmit_catalog_text(url: str) -> None:
    """Re-create every object from its own catalog text, as a dump and restore does."""
    with psycopg.connect(url, autocommit=True) as conn:
        view = conn.execute("SELECT pg_get_viewdef('ab_items'::regclass, true)").fetchone()[0]
        check = conn.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                             "WHERE conname = 'item_kind_check'").fetchone()[0]
        default = conn.execute("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef "
                               "WHERE adrelid = 'item'::regclass").fetchone()[0]
        index = conn.execute("SELECT pg_get_indexdef('item_expr_idx'::regclass)").fetchone()[0]
        conn.execute("DROP VIEW ab_items")
        conn.execute("DROP INDEX item_expr_idx")
        conn.execute(f"ALTER TABLE item DROP CONSTRAINT item_kind_check, ADD CONSTRAINT item_kind_check {check}")
        conn.execute(f"ALTER TABLE item ALTER COLUMN flag SET DEFAULT {default}")
        conn.execute(index)
        conn.execute(f"CREATE VIEW ab_items AS {view}")


@pytest.mark.parametrize("resubmitted", [False, True], ids=["as_written", "restored"])
def test_target_made_elsewhere_has_no_false_diff(project, resubmitted):
    run_sql(project.db_url, TARGET_SQL)
    if resubmitted:
        _resubmit_catalog_text(project.db_url)
    project.schema(TARGET_YAML)
    assert plan_json(project)["changes"] == []
    # a real change next to them is planned alone, and sync then checks clean
    project.schema(TARGET_YAML.replace("id: { type: bigint, primary: true }",
                                       "id: { type: bigint, primary: true }\n      note: { type: text, nullable: true }"))
    assert [c["description"] for c in plan_json(project)["changes"]] == ["add column note text"]
    ok(project.forge("sync"))
    assert plan_json(project)["changes"] == []


@pytest.mark.parametrize("name", sorted(NOT_NULL_CASES))
def test_not_null_names_after_sync_and_down(project, make_db, tmp_path, monkeypatch, name):
    v1, v2 = NOT_NULL_CASES[name]
    project.schema(v1)
    ok(project.forge("sync"))
    before = snapshot(project.db_url)
    project.schema(v2)
    doc = plan_json(project)
    ok(project.forge("sync", "--allow-destructive"))
    assert plan_json(project)["changes"] == [], "plan not empty after sync"
    expected_v2 = reference(tmp_path, make_db, monkeypatch, without_hints(v2))
    assert_same(project.db_url, expected_v2, "from the one-go sync of v2")
    execute_steps(project.db_url, doc["down_steps"])  # as apply runs them: CONCURRENTLY outside a transaction
    assert_same(project.db_url, before, "after the down script")
    project.schema(v1)
    assert plan_json(project)["changes"] == [], "plan not empty after the down script"

