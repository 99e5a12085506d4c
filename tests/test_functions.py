"""Functions, procedures and triggers, end to end on a real PostgreSQL: YAML to database and
back (sync, plan, import), body changes as one ``CREATE OR REPLACE``, signature changes as
drop and create with their users around them, overloads, body files, hostile strings."""

from __future__ import annotations

import copy
import json
import uuid

import pytest

from schemaforge import changes as ch
from schemaforge.diff import diff
from schemaforge.model import Argument, Database, Function, QName, Schema, Table, Trigger
from schemaforge.order import order
from tests.conftest import pg_dump_schema, plan_json, query, run_sql, sync
from tests.importcheck import forge, import_is_noop
from tests.pairs import inspect_url, roundtrip

APP = """
entities:
  Item:
    table: item
    columns:
      id: {type: bigint, primary: true}
      name: {type: text}
      price: {type: integer, default_sql: double_it(1)}
      updated_at: {type: timestamptz, nullable: true}
    indexes:
      - {name: item_doubled, expressions: [double_it(price)]}
    triggers:
      item_touch:
        timing: before
        events: [update]
        function: touch
        comment: keeps updated_at
      item_audit:
        timing: after
        events: [insert, delete]
        for_each: statement
        function: touch
        arguments: [one, "it's"]
        enabled: disabled
      item_batch:
        timing: after
        events: [update]
        old_table: before_rows
        new_table: after rows
        for_each: statement
        function: touch
      item_price:
        timing: after
        events: [update]
        update_of: [price]
        when: OLD.price IS DISTINCT FROM NEW.price
        function: touch
functions:
  touch:
    returns: trigger
    language: plpgsql
    body: |
      BEGIN
        NEW.updated_at := now();
        RETURN NEW;
      END
  double_it:
    - arguments: [{name: x, type: int}]
      returns: int
      volatility: immutable
      parallel: safe
      strict: true
      leakproof: true
      body: SELECT x * 2
      comment: twice
    - arguments: [{name: x, type: text}, {name: sep, type: text, default: "-"}]
      returns: text
      volatility: immutable
      body: SELECT x || sep || x
  series:
    arguments: [{name: n, type: int}]
    returns: TABLE(i integer, label text)
    rows: 10
    cost: 5
    set: {search_path: [public, pg_temp], work_mem: 64MB}
    security_definer: true
    body: SELECT g, g::text FROM generate_series(1, n) g
procedures:
  reset_prices:
    arguments: [{name: to_value, type: integer, default: 0}]
    language: plpgsql
    body: BEGIN UPDATE item SET price = to_value; END
"""


def test_sync_then_plan_is_empty(project):
    project.schema(APP)
    sync(project)
    assert plan_json(project)["changes"] == []
    assert query(project.db_url, """
        SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
        ORDER BY 1""") == [("double_it(integer)",), ("double_it(text,text)",), ("reset_prices(integer)",),
                           ("series(integer)",), ("touch()",)]
    assert query(project.db_url, """
        SELECT tgname::text, tgenabled::text, pg_get_triggerdef(oid) FROM pg_trigger
        WHERE tgrelid = 'item'::regclass ORDER BY 1""") == [
        ("item_audit", "D", "CREATE TRIGGER item_audit AFTER INSERT OR DELETE ON public.item "
                            "FOR EACH STATEMENT EXECUTE FUNCTION touch('one', 'it''s')"),
        ("item_batch", "O", "CREATE TRIGGER item_batch AFTER UPDATE ON public.item REFERENCING OLD TABLE AS "
                            "before_rows NEW TABLE AS \"after rows\" FOR EACH STATEMENT EXECUTE FUNCTION touch()"),
        ("item_price", "O", "CREATE TRIGGER item_price AFTER UPDATE OF price ON public.item FOR EACH ROW "
                            "WHEN ((old.price IS DISTINCT FROM new.price)) EXECUTE FUNCTION touch()"),
        ("item_touch", "O", "CREATE TRIGGER item_touch BEFORE UPDATE ON public.item FOR EACH ROW "
                            "EXECUTE FUNCTION touch()"),
    ]
    assert query(project.db_url, "SELECT proconfig::text[] FROM pg_proc WHERE proname = 'series'") == [
        (["search_path=public, pg_temp", "work_mem=64MB"],)]
    assert query(project.db_url, "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE proleakproof"
                 " AND pronamespace = 'public'::regnamespace") == [
        ("double_it(integer)",)]


def test_body_change_is_one_create_or_replace_and_down_restores(project):
    project.schema(APP)
    sync(project)
    before = inspect_url(project.db_url)
    project.schema(APP.replace("NEW.updated_at := now();",
                                                                     "NEW.updated_at := clock_timestamp();"))
    plan = plan_json(project)
    assert [(c["kind"], c["sql"]) for c in plan["changes"]] == [("replace_function", [
        'CREATE OR REPLACE FUNCTION "public"."touch"()\n RETURNS trigger\n LANGUAGE "plpgsql"\n'
        "AS $function$BEGIN\n  NEW.updated_at := clock_timestamp();\n  RETURN NEW;\nEND\n$function$"])]
    assert plan["down"] == [
        'CREATE OR REPLACE FUNCTION "public"."touch"()\n RETURNS trigger\n LANGUAGE "plpgsql"\n'
        "AS $function$BEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND\n$function$"]
    sync(project)
    assert plan_json(project)["changes"] == []
    run_sql(project.db_url, ";\n".join(plan["down"]))
    assert inspect_url(project.db_url) == before


def test_result_change_recreates_the_view_that_calls_it(make_db):
    base = "CREATE TABLE t (a int); "
    plan = roundtrip(
        make_db,
        base + "CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x + 1';"
               "CREATE VIEW v AS SELECT f(a) AS b FROM t;",
        base + "CREATE FUNCTION f(x integer) RETURNS bigint LANGUAGE sql AS 'SELECT x + 1';"
               "CREATE VIEW v AS SELECT f(a) AS b FROM t;",
        expect=["drop_view", "drop_function", "create_function", "create_view"],
    )
    # the view's text is the same on both sides: it is recreated because f is
    assert plan.changes[0].view.definition == plan.changes[3].view.definition
    assert plan.up[1] == 'DROP FUNCTION "public"."f"(integer)'


def test_result_change_is_drop_and_create_body_change_is_replace(make_db):
    plan = roundtrip(
        make_db,
        "CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x';"
        "CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $$SELECT 'a'$$;",
        "CREATE FUNCTION f(x integer) RETURNS bigint LANGUAGE sql AS 'SELECT x';"
        "CREATE FUNCTION g() RETURNS text LANGUAGE sql STABLE AS $$SELECT 'b'$$;"
        "COMMENT ON FUNCTION g() IS 'bee';",
        expect=["drop_function", "create_function", "replace_function", "comment_function"],
    )
    assert [h.code for c in plan.changes for h in c.hazards()] == ["SF503"]


def test_overloads_are_separate_objects(make_db):
    roundtrip(
        make_db,
        "CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x';"
        "CREATE FUNCTION f(x text) RETURNS text LANGUAGE sql AS 'SELECT x';",
        "CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x * 2';"
        "CREATE FUNCTION f(x text, y text) RETURNS text LANGUAGE sql AS 'SELECT x || y';",
        expect=["drop_function", "create_function", "replace_function"],
    )


def test_a_trigger_is_recreated_around_its_function():
    """Only the diff can be asked this: PostgreSQL never lets a trigger function take arguments."""
    t = Trigger("tr", "before", ("update",), QName("public", "touch"))
    table = Table("public", "t", triggers=(t,))
    old = Function("public", "touch", (), "trigger", "plpgsql", "BEGIN RETURN NEW; END")
    new = Function("public", "touch", (Argument("x", "integer", "in", "1"),), "trigger", "plpgsql",
                   "BEGIN RETURN NEW; END")
    cur = Database(schemas=(Schema("public"),), tables=(table,), functions=(old,))
    des = Database(schemas=(Schema("public"),), tables=(table,), functions=(new,))
    kinds = [type(c).__name__ for c in order(diff(cur, des))]
    assert kinds == ["DropTrigger", "DropFunction", "CreateFunction", "CreateTrigger"]
    assert [type(c).__name__ for c in order(diff(cur, cur))] == []


def test_trigger_changes(make_db):
    table = ("CREATE TABLE t (a int, b int);"
             "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;")
    plan = roundtrip(
        make_db,
        table + "CREATE TRIGGER x BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();"
                "CREATE TRIGGER y BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();"
                "CREATE TRIGGER z BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();",
        table + "CREATE TRIGGER x BEFORE UPDATE OF b ON t FOR EACH ROW WHEN (NEW.b > 0) EXECUTE FUNCTION touch('k');"
                "CREATE TRIGGER y BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();"
                "ALTER TABLE t DISABLE TRIGGER y; COMMENT ON TRIGGER y ON t IS 'why';",
        expect=["drop_trigger", "replace_trigger", "enable_trigger", "comment_trigger"],
    )
    assert plan.up[1] == ('CREATE OR REPLACE TRIGGER "x" BEFORE UPDATE OF "b" ON "public"."t" FOR EACH ROW '
                          'WHEN (new.b > 0) EXECUTE FUNCTION "public"."touch"(\'k\')')
    assert plan.up[2] == 'ALTER TABLE "public"."t" DISABLE TRIGGER "y"'


def test_table_dropped_with_its_triggers_comes_back_with_them(make_db):
    fn = "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;"
    roundtrip(
        make_db,
        fn + "CREATE TABLE t (a int); CREATE TRIGGER x BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();",
        "",
        expect=["drop_trigger", "drop_table", "drop_function"],
    )


BODY = """BEGIN
  -- a body with $$ inside it, and $function$ too
  RAISE NOTICE '$$ and $function$ and $tag$';
  NEW.updated_at := now();
  RETURN NEW;
END;
"""

IMPORTED = f"""
CREATE TABLE item (id bigint PRIMARY KEY, price integer, updated_at timestamptz);
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $body${BODY}$body$;
CREATE TRIGGER item_updated BEFORE UPDATE ON item FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER item_batch AFTER UPDATE ON item REFERENCING NEW TABLE AS fresh
  FOR EACH STATEMENT EXECUTE FUNCTION set_updated_at();
CREATE FUNCTION cents(p integer) RETURNS numeric LANGUAGE sql IMMUTABLE LEAKPROOF AS $$SELECT p / 100.0$$;
CREATE INDEX item_cents ON item (cents(price));
CREATE VIEW priced AS SELECT id, cents(price) AS euros FROM item;
CREATE FUNCTION pick(a integer, b text DEFAULT 'x, y', c integer[] DEFAULT ARRAY[1, 2])
  RETURNS SETOF integer LANGUAGE sql STABLE AS 'SELECT a';
CREATE PROCEDURE noop(INOUT n integer) LANGUAGE plpgsql AS $$BEGIN n := n + 1; END$$;
COMMENT ON FUNCTION cents(integer) IS 'euros';
"""


def test_import_round_trip(project, make_db):
    run_sql(project.db_url, IMPORTED)
    imported = import_is_noop(project.db_url, project.root)
    assert (imported / "set_updated_at.sql").read_text() == BODY
    functions = (imported / "_functions.yaml").read_text()
    assert "body_file: set_updated_at.sql" in functions
    assert "    body: SELECT p / 100.0\n" in functions
    assert "    leakproof: true\n" in functions
    assert """      - {name: b, type: text, default_sql: "'x, y'::text"}\n""" in functions
    item = (imported / "item.yaml").read_text()
    assert "item_updated:\n        timing: before\n        events: [update]\n        function: set_updated_at\n" in item
    assert "        new_table: fresh\n        for_each: statement\n" in item
    again = import_is_noop(project.db_url, project.root, out="again")
    assert {p.name: p.read_bytes() for p in again.iterdir()} == {p.name: p.read_bytes() for p in imported.iterdir()}
    # apply onto an empty database: the same schema, by our introspection and by pg_dump
    empty = make_db()
    code, out, err = forge(project.root, empty, "sync", "--schema", "imported")
    assert code == 0, out + err
    assert inspect_url(empty) == inspect_url(project.db_url)
    assert pg_dump_schema(empty) == pg_dump_schema(project.db_url)


def test_import_force_replaces_the_body_files_it_wrote_and_nothing_else(project):
    run_sql(project.db_url, IMPORTED)
    imported = import_is_noop(project.db_url, project.root)
    (imported / "set_updated_at.sql").write_text("-- edited by hand\n")
    code, out, err = forge(project.root, project.db_url, "import", "--out", "imported", "--force")
    assert code == 0, out + err
    assert (imported / "set_updated_at.sql").read_text() == BODY  # named by _functions.yaml: the import's
    (imported / "notes.sql").write_text("-- mine\n")
    code, out, err = forge(project.root, project.db_url, "import", "--out", "imported", "--force")
    assert code == 0, out + err
    assert (imported / "notes.sql").read_text() == "-- mine\n"  # a .sql file no import YAML names is kept


def test_body_file(project):
    project.write("schema/bodies/touch.sql", BODY)
    project.schema("""
        functions:
          touch:
            returns: trigger
            language: plpgsql
            body_file: bodies/touch.sql
    """)
    sync(project)
    assert query(project.db_url, "SELECT prosrc FROM pg_proc WHERE proname = 'touch'") == [(BODY,)]
    assert plan_json(project)["changes"] == []
    project.write("schema/bodies/touch.sql", BODY.replace("now()", "clock_timestamp()"))
    assert [c["kind"] for c in plan_json(project)["changes"]] == ["replace_function"]


@pytest.mark.parametrize("body_file, message", [
    ("../outside.sql", "is outside the schema directory"),
    ("/etc/passwd", "is outside the schema directory"),
    ("missing.sql", "cannot be read"),
    ("notes.txt", "is not a .sql file"),
])
def test_body_file_must_be_a_sql_file_inside_the_schema_directory(project, body_file, message):
    project.write("outside.sql", "SELECT 1")
    project.write("schema/notes.txt", "SELECT 1")
    project.schema(f"""
        functions:
          f:
            returns: int
            body_file: {body_file}
    """)
    res = project.forge("validate")
    assert res.exit_code != 0
    assert "schema/app.yaml:4:" in res.output and message in res.output, res.output


@pytest.mark.parametrize("field, value, message", [
    ("returns", "int; DROP TABLE x", "returns 'int; DROP TABLE x' is not accepted"),
    ("returns", "TABLE(a int) x", "returns 'TABLE(a int) x' is not accepted"),
    ("language", "plpgsql; x", "is not a language name"),
])
def test_fragments_are_checked(project, field, value, message):
    spec = {"returns": "int", "body": "SELECT 1", field: value}
    project.schema(json.dumps({"functions": {"f": spec}}))
    res = project.forge("validate")
    assert res.exit_code != 0 and message in res.output, res.output


# --- hostile strings: refused at their line, or carried as data ------------------------------

HOSTILE_BASE: dict = {
    "entities": {"Thing": {"table": "thing", "columns": {"id": {"type": "bigint", "primary": True},
                                                          "n": {"type": "integer"}},
                           "triggers": {"thing_t": {"timing": "before", "events": ["update"], "update_of": ["n"],
                                                     "function": "touch", "when": "NEW.n > 0",
                                                     "arguments": ["a"], "comment": "c"}}}},
    "functions": {
        "f": {"arguments": [{"name": "a", "type": "integer", "default_sql": "1"},
                            {"name": "b", "type": "text", "default": "x"}],
              "returns": "integer", "body": "SELECT a", "comment": "c"},
        "touch": {"returns": "trigger", "language": "plpgsql", "body": "BEGIN RETURN NEW; END",
                  "set": {"search_path": ["public"], "work_mem": "64MB", "myapp.note": "n"}},
    },
}
HOSTILE_FIELDS = [
    ("functions", "touch", "body"),
    ("functions", "f", "comment"),
    ("functions", "touch", "language"),
    ("functions", "touch", "returns"),
    ("functions", "touch", "set", "work_mem"),
    ("functions", "touch", "set", "myapp.note"),
    ("functions", "touch", "set", "search_path", 0),
    ("functions", "touch", "set", None),
    ("functions", "f", "arguments", 1, "name"),
    ("functions", "f", "arguments", 0, "type"),
    ("functions", "f", "arguments", 0, "default_sql"),
    ("functions", "f", "arguments", 1, "default"),
    ("functions", "f", "body"),
    ("functions", None),
    ("entities", "Thing", "triggers", "thing_t", "when"),
    ("entities", "Thing", "triggers", "thing_t", "function"),
    ("entities", "Thing", "triggers", "thing_t", "comment"),
    ("entities", "Thing", "triggers", "thing_t", "arguments", 0),
    ("entities", "Thing", "triggers", None),
]
# free text: accepted, and carried as data (sync succeeds and the plan after it is empty)
DATA = {"body", "comment", "name", "default", "work_mem", "myapp.note", "search_path", "arguments"}
MUST_SYNC = {"comment", "default", "myapp.note", "arguments"}
PAYLOADS = [
    "{}); CREATE ROLE CANARY; CREATE TABLE zz (a int",
    "{}; CREATE ROLE CANARY",
    "{} -- ",
    "{}$$; CREATE ROLE CANARY; $$",
    "{}$function$; CREATE ROLE CANARY; $function$",
    "{}$tag$; CREATE ROLE CANARY; --",
    "{}'; CREATE ROLE CANARY; --",
    '{}"; CREATE ROLE CANARY; --',
    "{}) /* /* */ ; CREATE ROLE CANARY; -- */",
    "{}\u037e CREATE ROLE CANARY ☃",
    "{} $function",
]


def _set(doc: dict, path: tuple, payload: str) -> None:
    node = doc
    for step in path[:-2]:
        node = node[step]
    parent, last = node[path[-2]], path[-1]
    if last is None:
        key = next(iter(parent))
        parent[payload.format(key)] = parent.pop(key)
    else:
        parent[last] = payload.format(parent[last])


def _no_role(url: str, name: str) -> bool:
    return not query(url, "SELECT 1 FROM pg_roles WHERE rolname = %s", [name])


def test_hostile_base_syncs(project):
    project.schema(json.dumps(HOSTILE_BASE, indent=2))
    sync(project)
    assert plan_json(project)["changes"] == []


@pytest.mark.parametrize("path", HOSTILE_FIELDS, ids=lambda p: ".".join(str(s) for s in p))
def test_hostile_strings_never_run(project, path):
    canary = f"forge_pwned_{uuid.uuid4().hex[:8]}"
    accepted = []
    try:
        for payload in (p.replace("CANARY", canary) for p in PAYLOADS):
            doc = copy.deepcopy(HOSTILE_BASE)
            _set(doc, path, payload)
            text = json.dumps(doc, indent=2, ensure_ascii=False)
            project.schema(text)
            res = project.forge("validate")
            if res.exit_code != 0:
                needle = json.dumps(payload.format(""), ensure_ascii=False)[1:-1][:12]
                line = next(n for n, t in enumerate(text.splitlines(), 1) if needle in t)
                assert f"schema/app.yaml:{line}:" in res.output, (payload, res.output)
                continue
            accepted.append(payload)
            res = project.forge("sync", "--allow-destructive")  # may fail in PostgreSQL; must not inject
            assert _no_role(project.db_url, canary), f"{path}: {payload!r} created a role"
            if MUST_SYNC & {str(s) for s in path}:
                assert res.exit_code == 0, (payload, res.output)
            if res.exit_code == 0:
                assert plan_json(project)["changes"] == [], payload  # carried exactly, no false diff
        if not DATA & {str(s) for s in path} and path[-1] is not None:
            assert accepted == [], f"{path} accepted {accepted}"
    finally:
        if not _no_role(project.db_url, canary):
            run_sql(project.db_url, f'DROP ROLE "{canary}"')


def test_changes_export():
    assert {ch.CreateFunction, ch.DropFunction, ch.ReplaceFunction, ch.CommentFunction, ch.CreateTrigger,
            ch.DropTrigger, ch.ReplaceTrigger, ch.EnableTrigger, ch.CommentTrigger} <= {
        getattr(ch, n) for n in ch.__all__}


def test_dollar_quote_tag_never_closes_early():
    from schemaforge.render.functions import dollar_quote

    assert dollar_quote("SELECT 1") == "$function$SELECT 1$function$"
    assert dollar_quote("SELECT '$function$'") == "$function1$SELECT '$function$'$function1$"
    # a body ending in "$function" would close "$function$" one character early
    assert dollar_quote("SELECT 1 -- $function") == "$function1$SELECT 1 -- $function$function1$"


@pytest.mark.parametrize("body", [
    "SELECT true -- $function",
    "SELECT '$function$ $$ $function1$'::text IS NOT NULL -- $function1",
    "SELECT 'ünï ☃ \\ ''quoted'' /* not a comment */'::text IS NOT NULL\n",
])
def test_bodies_that_look_like_quotes_are_kept_exactly(project, body):
    project.schema(json.dumps({"functions": {"f": {"returns": "boolean", "body": body}}}))
    sync(project)
    assert query(project.db_url, "SELECT prosrc FROM pg_proc WHERE proname = 'f'") == [(body,)]
    assert plan_json(project)["changes"] == []


def test_a_sql_function_is_created_after_the_tables_its_body_reads(project):
    """The target checks SQL bodies at CREATE (check_function_bodies): the tables come first."""
    project.schema("""
        functions:
          item_count:
            returns: bigint
            body: SELECT count(*) FROM item JOIN audit."Odd Name" USING (id)
        entities:
          Item:
            table: item
            columns: {id: {type: bigint, primary: true}}
          Odd:
            schema: audit
            table: Odd Name
            columns: {id: {type: bigint, primary: true}}
    """)
    up = plan_json(project)["up"]
    assert [s.split("(")[0] for s in up] == [
        'CREATE SCHEMA "audit"', 'CREATE TABLE "audit"."Odd Name" ', 'CREATE TABLE "public"."item" ',
        'CREATE FUNCTION "public"."item_count"']
    sync(project)
    assert plan_json(project)["changes"] == []
