"""Aggregates and range types, end to end on a real PostgreSQL: what each change plans
(replace in place, recreate around a function, views around both), YAML to database and back
(sync, plan, import), what is still left unmanaged, and hostile strings."""

from __future__ import annotations

import copy
import json
import uuid

import pytest

from schemaforge.errors import ForgeError
from schemaforge.inspect import unmanaged_objects
from tests.conftest import plan_json, query, run_sql, sync
from tests.importcheck import import_is_noop
from tests.pairs import inspect_url, roundtrip

GC = ("CREATE FUNCTION _group_concat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS "
      "$$SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || $2 END$$;")
AGG = "CREATE AGGREGATE group_concat(text) (SFUNC = _group_concat, STYPE = text);"
VIEW = "CREATE TABLE t (a text); CREATE VIEW v AS SELECT group_concat(a) AS all_a FROM t;"


def test_function_body_change_replaces_the_function_alone(make_db):
    plan = roundtrip(make_db, GC + AGG + VIEW, GC.replace("', '", "'; '") + AGG + VIEW,
                     expect=["replace_function"])
    assert plan.up[0].startswith('CREATE OR REPLACE FUNCTION "public"."_group_concat"(text, text)')


def test_function_signature_change_recreates_the_aggregate_and_its_view(make_db):
    step = "CREATE FUNCTION acc(s integer, {arg} integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT s + {arg}';"
    rest = ("CREATE AGGREGATE total(integer) (SFUNC = acc, STYPE = integer, INITCOND = '0');"
            "CREATE TABLE n (x integer); CREATE VIEW v AS SELECT total(x) AS s FROM n;")
    plan = roundtrip(make_db, step.format(arg="x") + rest, step.format(arg="y") + rest,
                     expect=["drop_view", "drop_aggregate", "drop_function", "create_function",
                             "create_aggregate", "create_view"])
    assert plan.up[1] == 'DROP AGGREGATE "public"."total"(integer)'
    assert plan.up[4] == ('CREATE AGGREGATE "public"."total"(integer) (\n  SFUNC = public.acc,\n'
                          "  STYPE = integer,\n  INITCOND = '0'\n)")
    assert [h.code for c in plan.changes for h in c.hazards()] == ["SF503", "SF503"]


def test_initcond_and_sfunc_changes_are_create_or_replace(make_db):
    other = "CREATE FUNCTION _gc2(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT $1 || $2';"
    desired = GC + other + "CREATE AGGREGATE group_concat(text) (SFUNC = _gc2, STYPE = text, INITCOND = '');"
    plan = roundtrip(make_db, GC + other + AGG + VIEW, desired + VIEW, expect=["replace_aggregate"])
    assert list(plan.up) == ['CREATE OR REPLACE AGGREGATE "public"."group_concat"(text) (\n  SFUNC = public._gc2,\n'
                       "  STYPE = text,\n  INITCOND = ''\n)"]
    assert list(plan.down) == ['CREATE OR REPLACE AGGREGATE "public"."group_concat"(text) (\n'
                         "  SFUNC = public._group_concat,\n  STYPE = text\n)"]


def test_a_new_state_type_recreates_the_aggregate(make_db):
    acc = "CREATE FUNCTION acc8(s bigint, x integer) RETURNS bigint LANGUAGE sql AS 'SELECT s + x';"
    roundtrip(make_db, acc + "CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);",
              acc + "CREATE AGGREGATE total(integer) (SFUNC = acc8, STYPE = bigint);",
              expect=["drop_aggregate", "create_aggregate"])


def test_overloads_and_the_star_argument(make_db):
    plan = roundtrip(
        make_db, "CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);",
        "CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);"
        "CREATE AGGREGATE total(bigint) (SFUNC = int8pl, STYPE = bigint);"
        "CREATE FUNCTION cnt(s bigint) RETURNS bigint LANGUAGE sql AS 'SELECT s + 1';"
        "CREATE AGGREGATE total(*) (SFUNC = cnt, STYPE = bigint, INITCOND = '0');",
        expect=["create_function", "create_aggregate", "create_aggregate"])
    assert sorted(s.split(" (")[0] for s in plan.up[1:]) == [
        'CREATE AGGREGATE "public"."total"(*)', 'CREATE AGGREGATE "public"."total"(bigint)']


def test_range_type_change_while_a_column_uses_it_is_refused(make_db):
    with pytest.raises(ForgeError) as exc:
        roundtrip(make_db, "CREATE TYPE fr AS RANGE (SUBTYPE = float8); CREATE TABLE t (s fr);",
                  "CREATE TYPE fr AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = float8mi); CREATE TABLE t (s fr);")
    assert exc.value.message == ("range type public.fr changes its definition or a function it uses, but column public.t.s uses it: "
                                 "PostgreSQL cannot change a range type in place")
    assert exc.value.hint.startswith("create the new definition as a range type of another name")


def test_range_type_change_with_no_user_is_drop_and_create(make_db):
    plan = roundtrip(make_db, "CREATE TYPE fr AS RANGE (SUBTYPE = float8);",
                     "CREATE TYPE fr AS RANGE (SUBTYPE = float8, MULTIRANGE_TYPE_NAME = frs);",
                     expect=["drop_range_type", "create_range_type"])
    assert list(plan.up) == ['DROP TYPE "public"."fr"', 'CREATE TYPE "public"."fr" AS RANGE (\n'
                       '  SUBTYPE = double precision,\n  MULTIRANGE_TYPE_NAME = "public"."frs"\n)']


def test_unmanaged_lists_only_the_aggregates_the_model_cannot_hold(db_url):
    run_sql(db_url, "CREATE EXTENSION intagg;" + GC + AGG + "CREATE TYPE fr AS RANGE (SUBTYPE = float8);"
            "CREATE FUNCTION inv(integer, integer) RETURNS integer LANGUAGE sql STRICT AS 'SELECT $1 - $2';"
            "CREATE AGGREGATE named(x integer) (SFUNC = int4pl, STYPE = integer);")
    from schemaforge.database.session import connect

    with connect(db_url) as conn:
        assert unmanaged_objects(conn) == ["aggregate public.named(integer)"]
    db = inspect_url(db_url)
    assert [a.signature for a in db.aggregates] == ["public.group_concat(text)"]
    assert [r.name for r in db.range_types] == ["fr"]
    # the extension's int_array_aggregate is neither managed nor listed; the range type's
    # constructor functions come with it, never as functions of their own
    assert [f.name for f in db.functions] == ["_group_concat", "inv"]


APP = """
functions:
  _group_concat:
    arguments: [{type: text}, {type: text}]
    returns: text
    volatility: immutable
    body: SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || $2 END
aggregates:
  group_concat:
    arguments: [text]
    sfunc: _group_concat
    stype: text
    comment: joins with commas
  total:
    - {arguments: [integer], sfunc: int4pl, stype: integer, initcond: 0, combinefunc: int4pl, parallel: safe}
    - {arguments: [bigint], sfunc: int8pl, stype: bigint, initcond: "0"}
range_types:
  floatrange: {subtype: float8, subtype_diff: float8mi, comment: floats}
  shift: {subtype: timestamptz, multirange: shifts}
entities:
  Slot:
    table: slot
    columns:
      id: {type: integer, primary: true}
      span: {type: floatrange, default_sql: "'[1,2)'::floatrange"}
      spans: {type: floatmultirange, nullable: true}
      worked: {type: shifts, nullable: true}
views:
  names: { sql: "SELECT group_concat(id::text) AS ids, total(id) AS n FROM slot" }
"""


def test_yaml_sync_then_plan_is_empty_and_import_round_trips(project, tmp_path):
    project.schema(APP)
    sync(project)
    assert plan_json(project)["changes"] == []
    assert query(project.db_url, "SELECT aggtransfn::regproc::text, agginitval FROM pg_aggregate "
                 "WHERE aggfnoid::regproc::text = 'group_concat'") == [("_group_concat", None)]
    assert query(project.db_url, "SELECT typname::text FROM pg_type WHERE typtype = 'm' "
                 "AND typnamespace = 'public'::regnamespace ORDER BY 1") == [("floatmultirange",), ("shifts",)]
    imported = import_is_noop(project.db_url, tmp_path / "imp")
    text = (imported / "_functions.yaml").read_text()
    assert "aggregates:\n  group_concat:\n    arguments: [text]\n    sfunc: _group_concat\n" in text
    assert "range_types:\n  floatrange:\n    subtype: double precision\n    subtype_diff: float8mi\n" in \
        (imported / "_types.yaml").read_text()


@pytest.mark.parametrize("path, value, message", [
    (("aggregates", "group_concat", "sfunc"), "f; DROP TABLE slot", "sfunc 'f; DROP TABLE slot' is not accepted"),
    (("aggregates", "group_concat", "stype"), "text) (x", "stype 'text) (x' is not accepted"),
    (("aggregates", "group_concat", "arguments", 0), "text ORDER BY text", "argument type 'text ORDER BY text'"),
    (("range_types", "floatrange", "subtype_diff"), "float8mi()", "range subtype_diff function 'float8mi()'"),
    (("range_types", "floatrange", "subtype"), "float8, SUBTYPE_DIFF = x", "range subtype 'float8, SUBTYPE_DIFF = x'"),
])
def test_fragments_are_checked_at_their_line(project, path, value, message):
    doc = {"aggregates": {"group_concat": {"arguments": ["text"], "sfunc": "textcat", "stype": "text"}},
           "range_types": {"floatrange": {"subtype": "float8"}}}
    node = doc
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    text = json.dumps(doc, indent=2)
    project.schema(text)
    res = project.forge("validate")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if json.dumps(value) in t)
    assert res.exit_code != 0 and f"schema/app.yaml:{line}:" in res.output and message in res.output, res.output


def test_hostile_initcond_and_comment_are_data(project):
    canary = f"forge_pwned_{uuid.uuid4().hex[:8]}"
    payloads = ["'; CREATE ROLE CANARY; --", "$$; CREATE ROLE CANARY; $$", "x\\'); CREATE ROLE CANARY; --"]
    for p in (p.replace("CANARY", canary) for p in payloads):
        doc = {"aggregates": {"cat": {"arguments": ["text"], "sfunc": "textcat", "stype": "text",
                                      "initcond": p, "comment": p}},
               "range_types": {"r": {"subtype": "float8", "comment": p}}}
        project.schema(json.dumps(copy.deepcopy(doc)))
        sync(project, "--allow-destructive")
        assert not query(project.db_url, "SELECT 1 FROM pg_roles WHERE rolname = %s", [canary])
        assert query(project.db_url, "SELECT agginitval FROM pg_aggregate WHERE aggfnoid::regproc::text = 'cat'") == [(p,)]
        assert plan_json(project)["changes"] == []


def test_order_function_then_aggregate_then_view_and_back():
    """Without a server: the keys alone place an aggregate between its function and its view,
    and a range type before the column and the aggregate using it."""
    from schemaforge.diff import diff
    from schemaforge.model import (
        Aggregate,
        Argument,
        Column,
        Database,
        Function,
        RangeType,
        Schema,
        Table,
        View,
    )
    from schemaforge.order import order

    db = Database(
        schemas=(Schema("public"),),
        functions=(Function("public", "_gc", (Argument(None, "text"), Argument(None, "text")), "text", body="SELECT $1"),),
        aggregates=(Aggregate("public", "group_concat", ("text",), "public._gc", "text"),
                    Aggregate("public", "hull", ("public.fr",), "range_merge", "public.fr")),
        range_types=(RangeType("public", "fr", "double precision"),),
        tables=(Table("public", "t", (Column("a", "text"), Column("s", "public.frmultirange"))),),
        views=(View("public", "v", "SELECT public.group_concat(t.a) AS g\n   FROM public.t"),),
    ).sorted()
    empty = Database(schemas=(Schema("public"),))
    up = order(diff(empty, db))
    kinds = [(c.kind, getattr(c, "subject", "")) for c in up]
    pos = {s: i for i, (_, s) in enumerate(kinds)}
    assert pos["function public._gc(text, text)"] < pos["aggregate public.group_concat(text)"] < pos["view public.v"]
    assert pos["range type public.fr"] < pos["aggregate public.hull(public.fr)"]
    assert pos["range type public.fr"] < pos["table public.t"]
    down = order(diff(db, empty))
    pos = {c.subject: i for i, c in enumerate(down)}
    assert pos["view public.v"] < pos["aggregate public.group_concat(text)"] < pos["function public._gc(text, text)"]
    assert pos["aggregate public.hull(public.fr)"] < pos["range type public.fr"]
    assert pos["table public.t"] < pos["range type public.fr"]


def test_long_names_are_refused_at_their_line(offline_project):
    long = "r" * 64
    offline_project.schema(f"range_types:\n  fr:\n    subtype: float8\n    multirange: {long}\n"
                           f"aggregates:\n  {long}: {{arguments: [text], sfunc: textcat, stype: text}}\n")
    res = offline_project.forge("validate")
    assert res.exit_code != 0
    assert "schema/app.yaml:4:17: error: name 'rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr...' is 64 bytes long" in res.output, res.output
    assert "schema/app.yaml:6:3: error: name 'rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr...' is 64 bytes long" in res.output, res.output
