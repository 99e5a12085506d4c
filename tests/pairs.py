"""Round-trip of (current SQL, desired SQL) pairs through inspect → diff → render → apply.

Loads ``current`` into one database and ``desired`` into another, plans current → desired,
applies the up steps (each transactional one in a transaction, the others statement by
statement, as ``forge apply`` does), checks both our introspection and a normalized pg_dump agree
with the desired database, then applies the down steps and checks the current schema is back.
"""

from __future__ import annotations

import psycopg

from schemaforge.inspect import inspect_database
from schemaforge.planner import build_plan
from schemaforge.typecast import CastCatalog, connection
from tests.conftest import pg_dump_schema, run_sql


def inspect_url(url: str):
    with psycopg.connect(url) as conn:
        return inspect_database(conn)


def execute(url: str, statements) -> None:
    with psycopg.connect(url) as conn:
        for s in statements:
            conn.execute(s)


def execute_steps(url: str, steps) -> None:
    """Run plan steps (``Step`` objects or their JSON form) as ``forge apply`` does: each
    transactional step in a transaction of its own, the others statement by statement."""
    with psycopg.connect(url, autocommit=True) as conn:
        for step in steps:
            transaction, statements = (step["transaction"], step["statements"]) if isinstance(step, dict) \
                else (step.transaction, step.statements)
            if transaction:
                with conn.transaction():
                    for s in statements:
                        conn.execute(s)
            else:
                for s in statements:
                    conn.execute(s)


def roundtrip(make_db, current_sql: str, desired_sql: str, *, expect=None):
    cur_url, des_url = load_pair(make_db, current_sql, desired_sql)
    return roundtrip_loaded(cur_url, des_url, expect=expect)


def load_pair(make_db, current_sql: str, desired_sql: str) -> tuple[str, str]:
    """Two fresh databases holding the current and the desired schema (their URLs)."""
    cur_url, des_url = make_db(), make_db()
    if current_sql.strip():
        run_sql(cur_url, current_sql)
    if desired_sql.strip():
        run_sql(des_url, desired_sql)
    return cur_url, des_url


def roundtrip_loaded(cur_url: str, des_url: str, *, expect=None):
    """The round trip on databases already loaded (a caller that classifies a refused load
    apart from a failing plan loads them with :func:`load_pair` first)."""
    current, desired = inspect_url(cur_url), inspect_url(des_url)
    # old types are known where they live, new ones in the desired database
    plan = build_plan(current, desired, CastCatalog(connection(cur_url), connection(des_url)))
    if expect is not None:
        kinds = [c.kind for c in plan.changes]
        assert kinds == expect, f"{kinds}\n" + "\n".join(plan.up)
    execute_steps(cur_url, plan.up_steps)
    after = inspect_url(cur_url)
    assert after == desired, "up did not reach desired:\n" + "\n".join(plan.up)
    assert pg_dump_schema(cur_url) == pg_dump_schema(des_url), "pg_dump differs after up:\n" + "\n".join(plan.up)
    assert build_plan(after, desired).empty
    execute_steps(cur_url, plan.down_steps)
    back = inspect_url(cur_url)
    assert back == current, "down did not restore current:\n" + "\n".join(plan.down)
    return plan
