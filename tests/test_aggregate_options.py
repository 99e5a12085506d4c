"""Aggregate options beyond the common ones (serialization, moving-aggregate mode, sort
operator, state sizes, FINALFUNC_EXTRA and _MODIFY) and grants on aggregates and range types:
YAML to database and back (sync, plan, import), what a change plans, hostile strings."""

from __future__ import annotations

import json
import uuid

import pytest

from schemaforge.inspect import unmanaged_objects
from tests.conftest import plan_json, query, run_sql, sync
from tests.importcheck import import_is_noop
from tests.pairs import inspect_url, roundtrip

ROLE = ("DO $$ BEGIN CREATE ROLE agg_reader NOLOGIN; "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;")

APP = """
functions:
  msum_step:
    arguments: [{name: s, type: bigint}, {name: x, type: integer}]
    returns: bigint
    volatility: immutable
    body: SELECT s + x
  msum_inv:
    arguments: [{name: s, type: bigint}, {name: x, type: integer}]
    returns: bigint
    volatility: immutable
    body: SELECT s - x
  cnt_final:
    arguments: [{name: s, type: bigint}, {name: x, type: anyelement}]
    returns: bigint
    volatility: immutable
    body: SELECT s
  cnt_step:
    arguments: [{name: s, type: bigint}, {name: x, type: anyelement}]
    returns: bigint
    volatility: immutable
    body: SELECT s + 1
aggregates:
  msum:
    arguments: [integer]
    sfunc: msum_step
    stype: bigint
    initcond: 0
    msfunc: msum_step
    minvfunc: msum_inv
    mstype: bigint
    msspace: 8
    minitcond: 0
    grants:
      - {to: agg_reader, privileges: [EXECUTE]}
  my_sum:
    arguments: [numeric]
    sfunc: numeric_avg_accum
    stype: internal
    finalfunc: numeric_sum
    combinefunc: numeric_avg_combine
    serialfunc: numeric_avg_serialize
    deserialfunc: numeric_avg_deserialize
    sspace: 128
    parallel: safe
  my_max:
    arguments: [integer]
    sfunc: int4larger
    stype: integer
    sortop: ">"
    grants: []
  cnt:
    arguments: [anyelement]
    sfunc: cnt_step
    stype: bigint
    initcond: 0
    finalfunc: cnt_final
    finalfunc_extra: true
    finalfunc_modify: shareable
  my_pct:
    arguments: [float8]
    order_by: [float8]
    sfunc: ordered_set_transition
    stype: internal
    finalfunc: percentile_cont_float8_final
    finalfunc_modify: read_write
range_types:
  floatrange:
    subtype: float8
    grants:
      - {to: agg_reader, privileges: [USAGE]}
"""


def test_unmanaged_lists_only_aggregates_with_named_arguments(db_url):
    run_sql(db_url, "CREATE FUNCTION inv(integer, integer) RETURNS integer LANGUAGE sql STRICT AS 'SELECT $1 - $2';"
            "CREATE AGGREGATE moving(integer) (SFUNC = int4pl, STYPE = integer, "
            "MSFUNC = int4pl, MINVFUNC = inv, MSTYPE = integer);"
            "CREATE AGGREGATE named(x integer) (SFUNC = int4pl, STYPE = integer);")
    from schemaforge.database.session import connect

    with connect(db_url) as conn:
        assert unmanaged_objects(conn) == ["aggregate public.named(integer)"]
    (moving,) = inspect_url(db_url).aggregates
    assert moving.moving is not None and moving.moving.minvfunc == "public.inv"


def test_yaml_sync_then_plan_is_empty_and_import_round_trips(project, tmp_path):
    run_sql(project.db_url, ROLE)
    project.schema(APP)
    sync(project)
    assert plan_json(project)["changes"] == []
    assert query(project.db_url, "SELECT aggminvtransfn::regproc::text, aggmtransspace, aggminitval, "
                 "aggtransspace, aggfinalmodify::text FROM pg_aggregate "
                 "WHERE aggfnoid::regproc::text = 'msum'") == [("msum_inv", 8, "0", 0, "r")]
    assert query(project.db_url, "SELECT aggfnoid::regproc::text, aggsortop::regoperator::text, aggfinalextra, "
                 "aggfinalmodify::text FROM pg_aggregate WHERE aggfnoid::regproc::text IN ('my_max', 'cnt', 'my_pct') "
                 "ORDER BY 1") == [("cnt", "0", True, "s"), ("my_max", ">(integer,integer)", False, "r"),
                                   ("my_pct", "0", False, "w")]
    acl = query(project.db_url, "SELECT proacl::text FROM pg_proc WHERE proname = 'msum'")[0][0]
    assert "agg_reader=X/" in acl and "=X/" in acl.replace("agg_reader=X/", "")  # PUBLIC keeps EXECUTE
    assert query(project.db_url, "SELECT proacl::text FROM pg_proc WHERE proname = 'my_max'")[0][0].count("=X/") == 1
    imported = import_is_noop(project.db_url, tmp_path / "imp")
    text = (imported / "_functions.yaml").read_text()
    for line in ("    msfunc: msum_step\n    minvfunc: msum_inv\n    mstype: bigint\n    msspace: 8\n    minitcond: '0'\n",
                 "    serialfunc: numeric_avg_serialize\n    deserialfunc: numeric_avg_deserialize\n    sspace: 128\n",
                 "    finalfunc_extra: true\n    finalfunc_modify: shareable\n", "    sortop: '>'\n", "    grants: []\n",
                 "    grants:\n      - {to: agg_reader, privileges: [EXECUTE]}\n"):
        assert line in text, text
    assert "read_write" not in text  # the ordered-set aggregate's default is not written
    types = (imported / "_types.yaml").read_text()
    assert "grants:\n      - {to: agg_reader, privileges: [USAGE]}" in types, types


def test_adding_the_moving_mode_is_create_or_replace(make_db):
    base = ("CREATE FUNCTION inv(integer, integer) RETURNS integer LANGUAGE sql STRICT AS 'SELECT $1 - $2';"
            "CREATE TABLE t (a integer); ")
    agg = "CREATE AGGREGATE s(integer) (SFUNC = int4pl, STYPE = integer{});"
    view = "CREATE VIEW v AS SELECT s(a) OVER (ROWS 1 PRECEDING) FROM t;"
    plan = roundtrip(make_db, base + agg.format("") + view,
                     base + agg.format(", MSFUNC = int4pl, MINVFUNC = inv, MSTYPE = integer, SORTOP = >") + view)
    assert [c.kind for c in plan.changes] == ["replace_aggregate"], plan.up
    assert "CREATE OR REPLACE AGGREGATE" in plan.up[0] and "MINVFUNC = public.inv" in plan.up[0]


def test_grant_on_an_ordered_set_aggregate_names_all_its_input_types(make_db):
    agg = ("CREATE AGGREGATE pct(float8 ORDER BY float8) (SFUNC = ordered_set_transition, STYPE = internal, "
           "FINALFUNC = percentile_cont_float8_final);")
    plan = roundtrip(make_db, ROLE + agg, ROLE + agg + "REVOKE ALL ON FUNCTION pct(float8, float8) FROM PUBLIC;"
                     "GRANT EXECUTE ON FUNCTION pct(float8, float8) TO agg_reader;")
    on = 'ON FUNCTION "public"."pct"(double precision, double precision)'
    assert sorted(plan.up) == [f'GRANT EXECUTE {on} TO "agg_reader"', f"REVOKE EXECUTE {on} FROM PUBLIC"], plan.up


BASE = {"aggregates": {"s": {"arguments": ["integer"], "sfunc": "int4pl", "stype": "integer"}}}


@pytest.mark.parametrize("extra, message", [
    ({"sortop": "> ; DROP TABLE x"}, "sortop '> ; DROP TABLE x' is not accepted"),
    ({"sortop": "x.y.>"}, "sortop 'x.y.>' is not accepted"),
    ({"msfunc": "int4pl", "minvfunc": "f(); DROP TABLE x", "mstype": "integer"}, "minvfunc 'f(); DROP TABLE x' is not accepted"),
    ({"msfunc": "int4pl", "minvfunc": "int4mi", "mstype": "integer) (x"}, "mstype 'integer) (x' is not accepted"),
    ({"serialfunc": "a b"}, "serialfunc 'a b' is not accepted"),
    ({"msfunc": "int4pl"}, "the moving-aggregate mode needs minvfunc, mstype too"),
    ({"minitcond": "0"}, "the moving-aggregate mode needs msfunc, minvfunc, mstype too"),
    ({"finalfunc_modify": "write"}, "finalfunc_modify"),
    ({"sspace": -1}, "sspace"),
])
def test_hostile_or_incomplete_options_are_refused(offline_project, extra, message):
    doc = json.loads(json.dumps(BASE))
    doc["aggregates"]["s"].update(extra)
    offline_project.schema(json.dumps(doc, indent=2))
    res = offline_project.forge("validate")
    assert res.exit_code != 0 and message in res.output and "schema/app.yaml:" in res.output, res.output


def test_hostile_minitcond_is_data(project):
    canary = f"forge_pwned_{uuid.uuid4().hex[:8]}"
    payload = f"'; CREATE ROLE {canary}; --"
    doc = {"aggregates": {"s": {"arguments": ["text"], "sfunc": "textcat", "stype": "text", "msfunc": "textcat",
                                "minvfunc": "textcat", "mstype": "text", "minitcond": payload}}}
    project.schema(json.dumps(doc))
    sync(project)
    assert not query(project.db_url, "SELECT 1 FROM pg_roles WHERE rolname = %s", [canary])
    assert query(project.db_url, "SELECT aggminitval FROM pg_aggregate WHERE aggfnoid::regproc::text = 's'") == [(payload,)]
    assert plan_json(project)["changes"] == []
