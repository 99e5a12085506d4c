"""What uses a function whose signature or result changes (dropped before it, created after
it: :mod:`schemaforge.diff.function_deps`), a renamed table's triggers, and functions the
YAML uses but does not declare. Real PostgreSQL; the corpus pairs under
``tests/corpus/function_deps/`` cover each kind of dependent through ``forge`` too."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import query, run_sql
from tests.pairs import execute_steps, inspect_url, roundtrip

TWICE = "CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';"
TWICE_BIG = "CREATE FUNCTION twice(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';"
USERS = """CREATE TABLE t (a integer DEFAULT twice(1) CONSTRAINT t_small CHECK (twice(a) < 100),
                        b bigint GENERATED ALWAYS AS (twice(a)) STORED, c text);
CREATE INDEX t_twice ON t (twice(a)) WHERE twice(a) > 0;"""


def _plan(make_db, current: str, desired: str):
    return roundtrip(make_db, current, desired)


def _version(url: str) -> int:
    return int(query(url, "SHOW server_version_num")[0][0])


def test_every_dependent_is_dropped_before_and_created_after(make_db):
    """Index, check, default and generated column around the function, in that exact order,
    and the down the exact reverse (the round trip checks both)."""
    if _version(make_db()) < 170000:
        pytest.skip("SET EXPRESSION on a generated column needs PostgreSQL 17")
    plan = _plan(make_db, TWICE + USERS, TWICE_BIG + USERS)
    kinds = [(c.kind, c.describe()) for c in plan.changes]
    drop_at = kinds.index(("drop_function", "drop function public.twice(integer)"))
    create_at = kinds.index(("create_function", "create function public.twice(integer)"))
    assert drop_at + 1 == create_at
    assert sorted(kinds[:drop_at]) == sorted([
        ("drop_index", "drop index t_twice"),
        ("drop_constraint", "drop check t_small"),
        ("alter_column", "alter column a: default public.twice(1) -> None"),
        ("set_generation", "drop generation expression of column b"),
    ])
    assert sorted(kinds[create_at + 1:]) == sorted([
        ("create_index", "create index t_twice"),
        ("add_constraint", "add check t_small, not valid yet"),
        ("validate_constraint", "validate check t_small"),
        ("alter_column", "alter column a: default None -> public.twice(1)"),
        ("set_generation", "set generation expression of column b"),
    ])


def test_rows_survive_a_generated_column_around_the_function(make_db):
    """The generated column keeps its place and is computed again with the new function."""
    cur, des = make_db(), make_db()
    if _version(cur) < 170000:
        pytest.skip("SET EXPRESSION on a generated column needs PostgreSQL 17")
    run_sql(cur, TWICE + USERS + "INSERT INTO t (a, c) VALUES (1, 'x'), (2, 'y');")
    run_sql(des, TWICE_BIG.replace("x * 2", "x * 3") + USERS)
    from schemaforge.planner import build_plan

    plan = build_plan(inspect_url(cur), inspect_url(des))
    execute_steps(cur, plan.up_steps)
    assert query(cur, "SELECT a, b, c FROM t ORDER BY a") == [(1, 3, "x"), (2, 6, "y")]
    assert query(cur, "SELECT attname::text FROM pg_attribute WHERE attrelid = 't'::regclass AND attnum > 0 "
                      "ORDER BY attnum") == [("a",), ("b",), ("c",)]
    execute_steps(cur, plan.down_steps)
    assert query(cur, "SELECT a, b, c FROM t ORDER BY a") == [(1, 2, "x"), (2, 4, "y")]


def test_a_renamed_table_keeps_its_triggers(make_db):
    """RENAME keeps the triggers: the plan is the rename alone, and a changed trigger of the
    renamed table is dropped under the old name (before the rename)."""
    base = """CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
    CREATE TABLE old_t (a integer);
    CREATE TRIGGER keep BEFORE INSERT ON old_t FOR EACH ROW EXECUTE FUNCTION touch();
    CREATE TRIGGER gone BEFORE UPDATE ON old_t FOR EACH ROW EXECUTE FUNCTION touch();"""
    cur = make_db()
    run_sql(cur, base)
    current = inspect_url(cur)
    t = current.table("public", "old_t")
    from schemaforge.planner import build_plan

    desired = replace(current, tables=(replace(t, name="new_t", renamed_from="old_t"),))
    plan = build_plan(current, desired)
    assert list(plan.up) == ['ALTER TABLE "public"."old_t" RENAME TO "new_t"']
    desired = replace(current, tables=(replace(t, name="new_t", renamed_from="old_t",
                                               triggers=tuple(x for x in t.triggers if x.name == "keep")),))
    plan = build_plan(current, desired)
    assert list(plan.up) == ['DROP TRIGGER "gone" ON "public"."old_t"', 'ALTER TABLE "public"."old_t" RENAME TO "new_t"']
    execute_steps(cur, plan.up_steps)
    assert inspect_url(cur) == replace(desired, tables=(replace(desired.tables[0], renamed_from=None),))
    execute_steps(cur, plan.down_steps)
    assert inspect_url(cur) == current


NORMALIZED = """
entities:
  Item:
    table: item
    columns:
      id: {type: bigint, primary: true}
      price: {type: integer, default_sql: double_it(1)}
  Other:
    table: other
    columns:
      id: {type: bigint, primary: true}
      name: {type: text}
functions:
  double_it:
    arguments: [{name: x, type: int}]
    returns: int
    volatility: immutable
    body: SELECT x * 2
  unused:
    returns: int
    body: SELECT 1
"""


def _materialized(pg_server, monkeypatch, tmp_path, text: str) -> list[str]:
    """The tables :func:`schemaforge.normalize.normalize` creates in its scratch database."""
    from schemaforge import normalize
    from schemaforge.entities import load_texts

    seen: list[str] = []
    real = normalize._materialize_or_diagnose

    def spy(conn, desired, probe):
        seen.extend(t.name for t in desired.tables)
        return real(conn, desired, probe)

    monkeypatch.setattr(normalize, "_materialize_or_diagnose", spy)
    normalize.normalize(load_texts({"schema.yaml": text}), pg_server, ["public"], cache_dir=tmp_path, local=False)
    return seen


def test_a_function_body_change_materializes_no_table_again(pg_server, monkeypatch, tmp_path):
    """Cached tables stay cached when a function's body changes or a function they do not
    call changes; a new signature re-materializes exactly the tables that call it."""
    assert _materialized(pg_server, monkeypatch, tmp_path, NORMALIZED) == ["item", "other"]
    assert _materialized(pg_server, monkeypatch, tmp_path, NORMALIZED.replace("x * 2", "x + x")) == []
    assert _materialized(pg_server, monkeypatch, tmp_path, NORMALIZED.replace("SELECT 1", "SELECT 2")) == []
    assert _materialized(pg_server, monkeypatch, tmp_path,
                         NORMALIZED.replace("volatility: immutable", "volatility: stable")) == ["item"]


UNMANAGED = """
entities:
  Item:
    table: item
    columns:
      id: {type: bigint, primary: true}
      price: {type: integer, default_sql: dba_fn(1)}
    indexes:
      - {name: item_fn, expressions: [dba_fn(price)]}
views:
  cheap:
    sql: SELECT id FROM item WHERE dba_fn(price) < 10
"""


def test_a_function_the_yaml_calls_but_the_database_only_has_is_named(project):
    """Not managed (created by a DBA, not in the YAML): each use is reported at its
    file:line:col with the database's function and how to manage it; nothing runs."""
    run_sql(project.db_url, "CREATE FUNCTION dba_fn(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x'")
    project.schema(UNMANAGED)
    res = project.forge("plan")
    assert res.exit_code == 1
    hint = ("  hint: the database has dba_fn(integer), which the YAML does not declare: declare it under functions: "
            "(forge import writes it), or call a function the YAML declares")
    assert res.stderr.splitlines() == [
        "schema/app.yaml:6:43: error: default_sql of column 'price' calls a function that does not exist "
        "(PostgreSQL: function dba_fn(integer) does not exist)", hint,
        "schema/app.yaml:8:39: error: index expression calls a function that does not exist "
        "(PostgreSQL: function dba_fn(integer) does not exist)", hint,
        "schema/app.yaml:11:36: error: view 'cheap' calls a function that does not exist "
        "(PostgreSQL: function dba_fn(integer) does not exist)", hint,
        "✗ 3 problem(s) found",
    ]
    assert query(project.db_url, "SELECT count(*) FROM pg_class WHERE relname = 'item'") == [(0,)]


def test_the_same_function_declared_plans_and_applies(project):
    """Managed, the same YAML plans and applies: function first, then what calls it."""
    from tests.conftest import sync

    project.schema(UNMANAGED + """functions:
  dba_fn:
    arguments: [{name: x, type: integer}]
    returns: integer
    volatility: immutable
    body: SELECT x
""")
    sync(project)
    assert query(project.db_url, "SELECT pg_get_indexdef('item_fn'::regclass)") == [
        ("CREATE INDEX item_fn ON public.item USING btree (dba_fn(price))",)]
    assert query(project.db_url, "SELECT count(*) FROM cheap") == [(0,)]
