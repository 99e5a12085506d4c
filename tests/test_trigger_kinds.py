"""Constraint triggers (deferrable, initially deferred, ``FROM`` table) and triggers on views:
from YAML to the server and back (sync, plan, import), what ``forge validate`` refuses, and
the plans that drop and create them (a constraint trigger has no ``OR REPLACE``; a view's
triggers go and come back with the view)."""

from __future__ import annotations

import pytest

from tests.conftest import plan_json, query, run_sql, sync
from tests.importcheck import import_is_noop

APP = """\
entities:
  Parent:
    table: parent
    columns:
      id: {type: integer, primary: true}
  Child:
    table: child
    columns:
      id: {type: integer, primary: true}
      parent_id: {type: integer, nullable: true}
    triggers:
      child_parent:
        timing: after
        events: [insert, update]
        function: chk
        constraint: true
        deferrable: true
        initially_deferred: true
        from: parent
views:
  child_view:
    sql: SELECT id, parent_id FROM child
    triggers:
      child_view_insert:
        timing: instead of
        events: [insert]
        function: chk
        arguments: [a]
        comment: writes through
      child_view_note:
        timing: before
        events: [delete]
        for_each: statement
        function: chk
functions:
  chk:
    returns: trigger
    language: plpgsql
    body: BEGIN RETURN NULL; END
"""

DEFS = """
    SELECT tgname::text, pg_get_triggerdef(t.oid) FROM pg_trigger t
    WHERE tgrelid IN ('child'::regclass, 'child_view'::regclass) AND NOT tgisinternal ORDER BY 1"""


def _changes(project) -> list[tuple[str, list[str]]]:
    return [(c["kind"], c["sql"]) for c in plan_json(project)["changes"]]


def test_sync_creates_them_and_the_plan_after_is_empty(project):
    project.schema(APP)
    sync(project)
    assert query(project.db_url, DEFS) == [
        ("child_parent", "CREATE CONSTRAINT TRIGGER child_parent AFTER INSERT OR UPDATE ON public.child "
                         "FROM parent DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION chk()"),
        ("child_view_insert", "CREATE TRIGGER child_view_insert INSTEAD OF INSERT ON public.child_view "
                              "FOR EACH ROW EXECUTE FUNCTION chk('a')"),
        ("child_view_note", "CREATE TRIGGER child_view_note BEFORE DELETE ON public.child_view "
                            "FOR EACH STATEMENT EXECUTE FUNCTION chk()"),
    ]
    assert query(project.db_url, "SELECT obj_description(oid, 'pg_trigger') FROM pg_trigger "
                                 "WHERE tgname = 'child_view_insert'") == [("writes through",)]
    assert plan_json(project)["changes"] == []


def test_deferrability_change_drops_and_creates(project):
    project.schema(APP)
    sync(project)
    project.schema(APP.replace("        initially_deferred: true\n", ""))
    assert _changes(project) == [
        ("drop_trigger", ['DROP TRIGGER "child_parent" ON "public"."child"']),
        ("create_trigger", ['CREATE CONSTRAINT TRIGGER "child_parent" AFTER INSERT OR UPDATE ON "public"."child" '
                            'FROM "public"."parent" DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW '
                            'EXECUTE FUNCTION "public"."chk"()']),
    ]
    sync(project)
    assert plan_json(project)["changes"] == []


def test_view_recreated_takes_its_triggers_along(project):
    project.schema(APP)
    sync(project)
    project.schema(APP.replace("SELECT id, parent_id FROM child", "SELECT id, parent_id FROM child WHERE id > 0"))
    plan = plan_json(project)
    assert [(c["kind"], c["sql"][0].split(" AS")[0]) for c in plan["changes"]] == [
        ("drop_trigger", 'DROP TRIGGER "child_view_insert" ON "public"."child_view"'),
        ("drop_trigger", 'DROP TRIGGER "child_view_note" ON "public"."child_view"'),
        ("drop_view", 'DROP VIEW "public"."child_view"'),
        ("create_view", 'CREATE VIEW "public"."child_view"'),
        ("create_trigger", 'CREATE TRIGGER "child_view_insert" INSTEAD OF INSERT ON "public"."child_view" '
                           'FOR EACH ROW EXECUTE FUNCTION "public"."chk"(\'a\')'),
        ("create_trigger", 'CREATE TRIGGER "child_view_note" BEFORE DELETE ON "public"."child_view" '
                           'FOR EACH STATEMENT EXECUTE FUNCTION "public"."chk"()'),
    ]
    assert plan["changes"][4]["sql"][1] == (
        'COMMENT ON TRIGGER "child_view_insert" ON "public"."child_view" IS \'writes through\'')
    sync(project)
    assert plan_json(project)["changes"] == []
    assert [r[0] for r in query(project.db_url, DEFS)] == ["child_parent", "child_view_insert", "child_view_note"]


def test_a_renamed_from_table_is_followed_not_recreated(project):
    project.schema(APP)
    sync(project)
    project.schema(APP.replace("  Parent:\n    table: parent\n", "  Guardian:\n    table: guardian\n    renamed_from: parent\n")
                   .replace("        from: parent", "        from: guardian"))
    kinds = [c["kind"] for c in plan_json(project)["changes"]]
    assert kinds[0] == "rename_table" and "trigger" not in " ".join(kinds), kinds
    sync(project)
    assert plan_json(project)["changes"] == []
    assert query(project.db_url, "SELECT tgconstrrelid::regclass::text FROM pg_trigger "
                                 "WHERE tgname = 'child_parent'") == [("guardian",)]


@pytest.mark.parametrize("old, new, where, message", [
    ("        timing: after\n        events: [insert, update]", "        timing: before\n        events: [insert, update]",
     (13, 17), "trigger 'child_parent': a constraint trigger fires after, not before"),
    ("        deferrable: true\n", "        for_each: statement\n",
     (17, 19), "trigger 'child_parent': a constraint trigger fires for each row, not per statement"),
    ("        deferrable: true\n", "",
     (17, 9), "trigger 'child_parent': initially_deferred needs deferrable: true"),
    ("        constraint: true\n", "",
     (16, 9), "trigger 'child_parent': deferrable is for constraint triggers only"),
    ("        from: parent", "        from: parent; DROP TABLE x",
     (19, 15), "trigger 'child_parent': from 'parent; DROP TABLE x' is not accepted"),
    ("        timing: instead of", "        timing: after",
     (25, 17), "trigger 'child_view_insert': on a view, after triggers fire per statement only"),
    ("        for_each: statement\n", "",
     (31, 17), "trigger 'child_view_note': on a view, before triggers fire per statement only"),
    ("        arguments: [a]", "        enabled: disabled",
     (28, 18), "trigger 'child_view_insert': a view's trigger cannot be disabled"),
    ("        arguments: [a]", "        constraint: true",
     (28, 9), "unknown key 'constraint' in trigger 'child_view_insert'"),
    ("    sql: SELECT id, parent_id FROM child", "    materialized: true\n    sql: SELECT id, parent_id FROM child",
     (25, 7), "trigger 'child_view_insert': a materialized view cannot have triggers"),
])
def test_validate_says_where_and_how(offline_project, old, new, where, message):
    assert old in APP
    offline_project.schema(APP.replace(old, new, 1))
    res = offline_project.forge("validate")
    assert res.exit_code != 0
    assert f"schema/app.yaml:{where[0]}:{where[1]}: error: {message}" in res.output, res.output
    assert "hint: " in res.output and "Traceback" not in res.output


IMPORTED = """
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE SCHEMA audit;
CREATE TABLE audit.ref (id integer PRIMARY KEY);
CREATE TABLE child (id integer PRIMARY KEY, parent_id integer);
CREATE FUNCTION chk() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
CREATE CONSTRAINT TRIGGER child_parent AFTER INSERT ON child FROM parent
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION chk();
CREATE CONSTRAINT TRIGGER child_ref AFTER UPDATE ON child FROM audit.ref FOR EACH ROW EXECUTE FUNCTION chk();
ALTER TABLE child DISABLE TRIGGER child_ref;
CREATE VIEW child_view AS SELECT id, parent_id FROM child;
CREATE TRIGGER child_view_insert INSTEAD OF INSERT OR UPDATE ON child_view FOR EACH ROW EXECUTE FUNCTION chk('x');
COMMENT ON TRIGGER child_view_insert ON child_view IS 'writes through';
"""


def test_import_writes_them_and_import_then_plan_is_empty(project):
    run_sql(project.db_url, IMPORTED)
    imported = import_is_noop(project.db_url, project.root)
    child = (imported / "child.yaml").read_text()
    assert ("      child_parent:\n        timing: after\n        events: [insert]\n        constraint: true\n"
            "        deferrable: true\n        initially_deferred: true\n        from: parent\n"
            "        function: chk\n") in child, child
    assert ("      child_ref:\n        timing: after\n        events: [update]\n        constraint: true\n"
            "        from: audit.ref\n        function: chk\n        enabled: disabled\n") in child, child
    views = next(p for p in imported.iterdir() if "view" in p.name).read_text()
    assert ("    triggers:\n      child_view_insert:\n        timing: instead of\n        events: [insert, update]\n"
            "        function: chk\n        arguments:\n          - x\n        comment: writes through\n") in views, views


# --- fast: diff and order on models, no server ----------------------------------------------

def _db(*, deferrable: bool, with_parent: bool = True):
    from schemaforge.model import Column, Database, QName, Schema, Table, Trigger
    trig = Trigger("child_parent", "after", ("insert",), QName("public", "chk"), constraint=True,
                   deferrable=deferrable, from_table=QName("public", "parent"))
    tables = [Table("public", "child", (Column("id", "integer"),), triggers=(trig,))]
    if with_parent:
        tables.append(Table("public", "parent", (Column("id", "integer"),)))
    return Database(schemas=(Schema("public"),), tables=tuple(tables)).sorted()


def test_a_constraint_trigger_is_never_replaced():
    from schemaforge import changes as ch
    from schemaforge.diff import diff
    out = diff(_db(deferrable=False), _db(deferrable=True))
    assert [type(c) for c in out] == [ch.DropTrigger, ch.CreateTrigger]
    assert out[1].trigger.deferrable and not out[0].trigger.deferrable


def test_the_from_table_is_a_dependency_of_the_trigger():
    """Created after its FROM table and dropped before it: by keys, not only by stage."""
    from schemaforge import changes as ch
    from schemaforge.changes.base import table_key
    from schemaforge.diff import diff
    from schemaforge.model import Database, QName, Schema
    from schemaforge.order import order
    empty = Database(schemas=(Schema("public"),))
    up = order(diff(empty, _db(deferrable=False)))
    assert [c.describe() for c in up] == [
        "create table public.child (1 columns)", "create table public.parent (1 columns)",
        "create trigger child_parent on public.child"]
    assert table_key(QName("public", "parent")) in up[2].requires()
    drop = ch.DropTrigger(QName("public", "child"), up[2].trigger)
    assert table_key(QName("public", "parent")) in drop.releases()
