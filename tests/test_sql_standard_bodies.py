"""SQL-standard function bodies (``RETURN expr``, ``BEGIN ATOMIC ... END``, PostgreSQL 14+):
YAML to database and back, compared as the server normalizes them, replaced in place, ordered
around the tables and columns they read, split like psql splits them, and hostile bodies."""

from __future__ import annotations

import json
import uuid

import pytest

from schemaforge.errors import ForgeError
from schemaforge.fragments import sql_body_error
from schemaforge.migrations.files import split_statements
from tests.conftest import plan_json, query, run_sql, sync
from tests.importcheck import import_is_noop
from tests.pairs import roundtrip

APP = """
entities:
  Item:
    table: items
    columns:
      id: {type: integer, primary: true}
      price: {type: numeric}
functions:
  add_one:
    arguments: [{name: a, type: integer}]
    returns: integer
    volatility: immutable
    body: RETURN a + 1
  total_price:
    returns: numeric
    volatility: stable
    body: |
      BEGIN ATOMIC
        SELECT coalesce(sum(price), 0) FROM items;
      END
"""


def test_yaml_sync_then_plan_is_empty_and_import_round_trips(project, tmp_path):
    project.schema(APP)
    sync(project)
    assert plan_json(project)["changes"] == []
    assert query(project.db_url, "SELECT proname::text, prosrc = '', prosqlbody IS NOT NULL FROM pg_proc "
                 "WHERE pronamespace = 'public'::regnamespace ORDER BY 1") == [
        ("add_one", True, True), ("total_price", True, True)]
    # the table cannot be dropped under the function: PostgreSQL recorded the dependency
    assert query(project.db_url, "SELECT count(*) FROM pg_depend WHERE refobjid = 'items'::regclass "
                 "AND classid = 'pg_proc'::regclass")[0][0] >= 1
    imported = import_is_noop(project.db_url, tmp_path / "imp")
    text = (imported / "_functions.yaml").read_text()
    assert "body: RETURN (a + 1)" in text, text
    assert "BEGIN ATOMIC" in text and "FROM public.items" in text, text


def test_whitespace_and_spelling_are_no_change(project):
    project.schema(APP)
    sync(project)
    project.schema(APP.replace("body: RETURN a + 1", "body: \"RETURN   (a+1)\"")
                   .replace("SELECT coalesce(sum(price), 0) FROM items;", "select coalesce( sum(price),0 )\n          from items ;"))
    assert plan_json(project)["changes"] == []


def test_a_new_body_is_create_or_replace(project):
    project.schema(APP)
    sync(project)
    project.schema(APP.replace("RETURN a + 1", "RETURN a + 2"))
    plan = plan_json(project)
    assert [c["kind"] for c in plan["changes"]] == ["replace_function"], plan
    assert "CREATE OR REPLACE FUNCTION" in "\n".join(plan["up"]) and "RETURN (a + 2)" in "\n".join(plan["up"])


def test_long_body_is_imported_into_a_body_file(db_url, tmp_path):
    lines = "\n".join(f"  SELECT {i};" for i in range(40))
    run_sql(db_url, f"CREATE FUNCTION many() RETURNS integer LANGUAGE sql BEGIN ATOMIC\n{lines}\nEND;")
    imported = import_is_noop(db_url, tmp_path / "imp")
    text = (imported / "_functions.yaml").read_text()
    assert "body_file:" in text, text
    body = next(imported.rglob("many*.sql")).read_text()
    assert body.startswith("BEGIN ATOMIC") and body.rstrip().endswith("END"), body


def test_a_column_a_body_reads_cannot_change_type(make_db):
    base = "CREATE TABLE items (id integer, price {});"
    fn = "CREATE FUNCTION total() RETURNS numeric LANGUAGE sql BEGIN ATOMIC SELECT sum(price) FROM items; END;"
    with pytest.raises(ForgeError, match=r"column public\.items\.price changes type, but the SQL-standard body"):
        roundtrip(make_db, base.format("integer") + fn, base.format("numeric") + fn)


def test_a_column_no_body_reads_changes_type(make_db):
    base = "CREATE TABLE items (id {}, price integer);"
    fn = "CREATE FUNCTION total() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT sum(price) FROM items; END;"
    plan = roundtrip(make_db, base.format("integer") + fn, base.format("bigint") + fn)
    assert [c.kind for c in plan.changes] == ["alter_column"]


def test_migration_files_split_like_psql():
    sql = ("CREATE FUNCTION \"public\".\"f\"() RETURNS integer LANGUAGE sql\nBEGIN ATOMIC\n SELECT CASE WHEN true "
           "THEN 1 END;\n SELECT 2;\nEND;\nSELECT 1;\nBEGIN;\nSELECT CASE WHEN true THEN 1 END;\nCOMMIT;\n")
    assert split_statements(sql) == [
        "CREATE FUNCTION \"public\".\"f\"() RETURNS integer LANGUAGE sql\nBEGIN ATOMIC\n SELECT CASE WHEN true "
        "THEN 1 END;\n SELECT 2;\nEND", "SELECT 1", "BEGIN", "SELECT CASE WHEN true THEN 1 END", "COMMIT"]


HOSTILE = [
    ("RETURN 1; DROP TABLE items", "contains ';'"),
    ("BEGIN ATOMIC SELECT 1; END; DROP TABLE items; CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END",
     "closes the block before its end"),
    ("BEGIN ATOMIC SELECT 1; END -- trailing", "ends in an SQL comment"),
    ("BEGIN ATOMIC SELECT (1; END", "leaves a '(' open"),
    ("BEGIN ATOMIC SELECT CASE WHEN true THEN 1; END", "a CASE is not closed"),
    ("BEGIN ATOMIC BEGIN ATOMIC SELECT 1; END; END", "one BEGIN ATOMIC block"),
    ("RETURN $x$ $x$) ; DROP TABLE items; --", "ends in an SQL comment"),
]


@pytest.mark.parametrize("body, message", HOSTILE)
def test_hostile_bodies_are_refused_at_their_line(offline_project, body, message):
    doc = {"functions": {"f": {"returns": "integer", "body": body}}}
    offline_project.schema(json.dumps(doc, indent=2))
    res = offline_project.forge("validate")
    assert res.exit_code != 0 and "schema/app.yaml:5:" in res.output and message in res.output, res.output
    assert sql_body_error(body)


def test_a_string_body_stays_a_string(project):
    canary = f"forge_pwned_{uuid.uuid4().hex[:8]}"
    body = f"SELECT 1; -- RETURN 1; END; CREATE ROLE {canary}"
    project.schema(json.dumps({"functions": {"f": {"returns": "integer", "body": body}}}))
    sync(project)
    assert not query(project.db_url, "SELECT 1 FROM pg_roles WHERE rolname = %s", [canary])
    assert query(project.db_url, "SELECT prosrc FROM pg_proc WHERE proname = 'f'") == [(body,)]
