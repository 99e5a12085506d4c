"""Changes that used to drop and create, now done in place: the rows survive, up and down.

A partition's new bounds (DETACH / ATTACH), a domain's new base type while columns use it,
and a domain over an enum whose label is dropped (the enum recreated, the domain and its
columns converted). Each test loads rows, runs the plan's up and down steps on a real
server, and reads the rows back.
"""

from __future__ import annotations

import psycopg
import pytest

from schemaforge.planner import build_plan
from schemaforge.typecast import CastCatalog, connection
from tests.conftest import query, run_sql
from tests.pairs import execute_steps, inspect_url


def _apply(make_db, current: str, desired: str, rows: str):
    cur, des = make_db(), make_db()
    run_sql(cur, current + rows)
    run_sql(des, desired)
    before, target = inspect_url(cur), inspect_url(des)
    plan = build_plan(before, target, CastCatalog(connection(cur), connection(des)))
    execute_steps(cur, plan.up_steps)
    assert inspect_url(cur) == target
    return cur, plan, before


def test_a_partition_bound_change_keeps_the_rows(make_db):
    parent = "CREATE TABLE ev (at date, n integer) PARTITION BY RANGE (at);\n"
    cur, plan, before = _apply(
        make_db,
        parent + "CREATE TABLE ev_p PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
        parent + "CREATE TABLE ev_p PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');",
        "INSERT INTO ev VALUES ('2024-02-01', 1), ('2024-03-01', 2);",
    )
    assert list(plan.up) == [
        'ALTER TABLE "public"."ev" DETACH PARTITION "public"."ev_p"',
        'ALTER TABLE "public"."ev" ATTACH PARTITION "public"."ev_p" '
        "FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')",
    ]
    assert query(cur, "SELECT tableoid::regclass::text, n FROM ev ORDER BY n") == [("ev_p", 1), ("ev_p", 2)]
    execute_steps(cur, plan.down_steps)
    assert inspect_url(cur) == before
    assert query(cur, "SELECT tableoid::regclass::text, n FROM ev ORDER BY n") == [("ev_p", 1), ("ev_p", 2)]


def test_a_row_outside_the_new_bounds_fails_the_step_and_keeps_everything(make_db):
    parent = "CREATE TABLE m (k integer) PARTITION BY LIST (k);\n"
    cur, des = make_db(), make_db()
    run_sql(cur, parent + "CREATE TABLE m_a PARTITION OF m FOR VALUES IN (1, 2); INSERT INTO m VALUES (1), (2);")
    run_sql(des, parent + "CREATE TABLE m_a PARTITION OF m FOR VALUES IN (1);")
    before = inspect_url(cur)
    plan = build_plan(before, inspect_url(des))
    with pytest.raises(psycopg.errors.CheckViolation):
        execute_steps(cur, plan.up_steps)
    assert inspect_url(cur) == before
    assert query(cur, "SELECT k FROM m ORDER BY k") == [(1,), (2,)]


def test_a_domain_base_type_change_converts_its_columns(make_db):
    cur, plan, before = _apply(
        make_db,
        "CREATE DOMAIN amount AS integer CHECK (VALUE >= 0); CREATE TABLE t (a amount, b amount DEFAULT 5);",
        "CREATE DOMAIN amount AS bigint CHECK (VALUE >= 0); CREATE TABLE t (a amount, b amount DEFAULT 5);",
        "INSERT INTO t VALUES (1, 2), (3000000, 4);",
    )
    assert [c.kind for c in plan.changes] == ["retype_domain"]
    assert query(cur, "SELECT a, b, pg_typeof(a)::text FROM t ORDER BY a") == [(1, 2, "amount"), (3000000, 4, "amount")]
    assert query(cur, "SELECT format_type(typbasetype, NULL) FROM pg_type WHERE typname = 'amount'") == [("bigint",)]
    execute_steps(cur, plan.down_steps)
    assert inspect_url(cur) == before
    assert query(cur, "SELECT a, b FROM t ORDER BY a") == [(1, 2), (3000000, 4)]


def test_a_domain_over_an_enum_follows_the_enum_when_a_label_is_dropped(make_db):
    cur, plan, before = _apply(
        make_db,
        "CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh'); CREATE DOMAIN feeling AS mood; "
        "CREATE TABLE t (id integer, f feeling, fs feeling[]);",
        "CREATE TYPE mood AS ENUM ('happy', 'sad'); CREATE DOMAIN feeling AS mood; "
        "CREATE TABLE t (id integer, f feeling, fs feeling[]);",
        "INSERT INTO t VALUES (1, 'happy', '{sad,happy}'), (2, 'sad', NULL);",
    )
    assert [c.kind for c in plan.changes] == ["recreate_enum"]
    assert query(cur, "SELECT id, f::text, fs::text FROM t ORDER BY id") == [(1, "happy", "{sad,happy}"), (2, "sad", None)]
    assert query(cur, "SELECT count(*) FROM pg_type WHERE typname LIKE '%forge_old%'") == [(0,)]
    execute_steps(cur, plan.down_steps)
    assert inspect_url(cur) == before
    assert query(cur, "SELECT id, f::text, fs::text FROM t ORDER BY id") == [(1, "happy", "{sad,happy}"), (2, "sad", None)]
