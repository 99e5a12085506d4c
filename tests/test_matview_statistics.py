"""Extended statistics on a materialized view: the YAML checks at exact ``file:line:col`` (the
entity's checks, reused), the model built, exact up and down SQL for add, change and drop on a
view the plan keeps, the statistics created again after a recreated view's indexes, and
``forge import`` writing them exactly, hostile name and comment included, with an empty plan
after. (A column the view lacks: tests/test_located_errors.py; round trips: the corpus.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from schemaforge.entities import load_schema
from schemaforge.model import Statistics
from schemaforge.planner import build_plan
from schemaforge.typecast import CastCatalog, connection
from tests.conftest import query, run_sql
from tests.importcheck import import_is_noop
from tests.pairs import inspect_url
from tests.test_validate import problems_for

MV = ("entities:\n  T:\n    columns:\n      a: { type: int }\n      b: { type: text }\n"
      "views:\n  mv:\n    materialized: true\n    sql: SELECT a, b FROM t\n")


@pytest.mark.parametrize(("text", "where", "message"), [
    pytest.param(MV + "    statistics:\n      - { columns: [a] }\n", "schema/app.yaml:11:9",
                 "statistics need at least two columns or expressions", id="one-column"),
    pytest.param(MV + "    statistics:\n      - { columns: [a, a] }\n", "schema/app.yaml:11:20",
                 "statistics name a column twice", id="column-twice"),
    pytest.param(MV + "    statistics:\n      - { columns: [a, b], target: 20000 }\n", "schema/app.yaml:11:36",
                 "statistics target 20000 is above 10000", id="target-too-high"),
    pytest.param(MV + "    statistics:\n      - { expressions: [lower(b)], kinds: [mcv] }\n", "schema/app.yaml:11:36",
                 "statistics on a single expression take no kinds", id="single-expression-kinds"),
    pytest.param(MV + "    statistics:\n      - { columns: [a], expressions: [\"b); DROP TABLE t; --\"] }\n",
                 "schema/app.yaml:11:39", "statistics expression", id="expression-injection"),
    pytest.param(MV.replace("    materialized: true\n", "") + "    statistics:\n      - { columns: [a, b] }\n",
                 "schema/app.yaml:9:5", "view 'mv' has statistics but is not materialized", id="plain-view"),
    pytest.param(MV + "    statistics:\n      - { columns: [a, b], kinds: [histogram] }\n", "schema/app.yaml:11:36",
                 "", id="kind-not-a-choice"),
])
def test_bad_statistics_on_a_materialized_view_are_located(tmp_path, monkeypatch, text, where, message):
    problems = problems_for(tmp_path, {"app.yaml": text}, monkeypatch)
    hits = [p for p in problems if p.startswith(where + ": ") and message in p]
    assert hits, f"expected {where}: ...{message}... in:\n" + "\n".join(problems)


def test_the_model_keeps_them_as_written(tmp_path, monkeypatch):
    """Columns as written (the view's column order is PostgreSQL's to tell), so the default
    name is the one PostgreSQL gives the statement the plan writes."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "app.yaml").write_text(
        MV + "    statistics:\n      - { columns: [b, a] }\n"
        "      - { name: \"it's\", columns: [a], expressions: [lower(b)], kinds: [mcv], target: 7, comment: c }\n")
    (view,) = load_schema(Path("schema")).views
    assert view.statistics == (Statistics("it's", ("a",), ("lower(b)",), ("mcv",), 7, "c"),
                               Statistics("mv_b_a_stat", ("b", "a")))


def _qualifier(url: str, table: str) -> str:
    """How ``pg_get_viewdef`` names a single table's columns: PostgreSQL 15 as ``t.a``, 16 on as ``a``."""
    return "" if int(query(url, "SHOW server_version_num")[0][0]) >= 160000 else f"{table}."


def _plan(make_db, current: str, desired: str):
    cur, des = make_db(), make_db()
    run_sql(cur, current)
    run_sql(des, desired)
    return build_plan(inspect_url(cur), inspect_url(des), CastCatalog(connection(cur), connection(des)))


BASE = "CREATE TABLE t (a int, b int, c text);\nCREATE MATERIALIZED VIEW mv AS SELECT a, b, c FROM t;\n"


def test_add_change_and_drop_on_a_kept_view_exact_sql(make_db):
    current = BASE + ("CREATE STATISTICS gone ON a, b FROM mv;\n"
                      "CREATE STATISTICS kinds (ndistinct) ON a, b FROM mv;\n"
                      "CREATE STATISTICS tgt ON a, c FROM mv;\nALTER STATISTICS tgt SET STATISTICS 100;\n")
    desired = BASE + ("CREATE STATISTICS \"new\"\"; --\" (mcv) ON b, a FROM mv;\n"
                      "COMMENT ON STATISTICS \"new\"\"; --\" IS 'x''; $$ DROP TABLE t; $$ ü';\n"
                      "CREATE STATISTICS kinds (dependencies) ON a, b FROM mv;\n"
                      "CREATE STATISTICS tgt ON a, c FROM mv;\nALTER STATISTICS tgt SET STATISTICS 900;\n"
                      "COMMENT ON STATISTICS tgt IS 'now';\n")
    plan = _plan(make_db, current, desired)
    assert list(plan.up) == [
        'DROP STATISTICS "public"."gone"',
        'DROP STATISTICS "public"."kinds"',
        'CREATE STATISTICS "public"."kinds" (dependencies) ON "a", "b" FROM "public"."mv"',
        'CREATE STATISTICS "public"."new""; --" (mcv) ON "a", "b" FROM "public"."mv"',
        """COMMENT ON STATISTICS "public"."new""; --" IS 'x''; $$ DROP TABLE t; $$ ü'""",
        'ALTER STATISTICS "public"."tgt" SET STATISTICS 900',
        """COMMENT ON STATISTICS "public"."tgt" IS 'now'""",
    ]
    assert list(plan.down) == [
        'ALTER STATISTICS "public"."tgt" SET STATISTICS 100',
        'COMMENT ON STATISTICS "public"."tgt" IS NULL',
        'DROP STATISTICS "public"."new""; --"',
        'DROP STATISTICS "public"."kinds"',
        'CREATE STATISTICS "public"."kinds" (ndistinct) ON "a", "b" FROM "public"."mv"',
        'CREATE STATISTICS "public"."gone" ON "a", "b" FROM "public"."mv"',
    ]
    assert {c.subject for c in plan.changes} == {"materialized view public.mv"}


def test_a_recreated_view_gets_them_after_its_indexes(make_db):
    attached = ("CREATE INDEX mv_a ON mv (a);\nCREATE STATISTICS st ON a, b FROM mv;\n"
                "ALTER STATISTICS st SET STATISTICS 5;\nCOMMENT ON STATISTICS st IS 'kept';\n")
    plan = _plan(make_db, BASE + attached, BASE.replace("FROM t;", "FROM t WHERE a > 0;") + attached)
    create = [" ".join(s.split()) for s in plan.up[1:]]
    q = _qualifier(make_db(), "t")
    assert plan.up[0] == 'DROP MATERIALIZED VIEW "public"."mv"'
    assert create == [
        f'CREATE MATERIALIZED VIEW "public"."mv" AS SELECT {q}a, {q}b, {q}c FROM public.t WHERE {q}a > 0',
        'CREATE INDEX "mv_a" ON "public"."mv" ("a")',
        'CREATE STATISTICS "public"."st" ON "a", "b" FROM "public"."mv"',
        'ALTER STATISTICS "public"."st" SET STATISTICS 5',
        """COMMENT ON STATISTICS "public"."st" IS 'kept'""",
    ]
    assert plan.down[0] == 'DROP MATERIALIZED VIEW "public"."mv"'
    assert [" ".join(s.split()) for s in plan.down[2:]] == create[1:]


def test_import_writes_them_and_plans_nothing(project, tmp_path):
    run_sql(project.db_url, """
        CREATE SCHEMA app;
        CREATE TABLE app.t (a int, b text);
        CREATE MATERIALIZED VIEW app.mv AS SELECT a, b FROM app.t;
        CREATE STATISTICS app."st""x; --" (dependencies) ON b, a FROM app.mv;
        ALTER STATISTICS app."st""x; --" SET STATISTICS 42;
        COMMENT ON STATISTICS app."st""x; --" IS 'it''s $$ ü';
        CREATE STATISTICS app.mv_expr ON (lower(b)) FROM app.mv;
    """)
    out = import_is_noop(project.db_url, tmp_path / "w")
    text = (out / "app" / "_views.yaml").read_text()
    q = _qualifier(project.db_url, "t")
    assert text.split("\n", 2)[2] == (
        "schema: app\n"
        "views:\n"
        "  mv:\n"
        "    materialized: true\n"
        "    sql: |\n"
        f"      SELECT {q}a,\n"
        f"          {q}b\n"
        "         FROM app.t\n"
        "    statistics:\n"
        "      - {name: mv_expr, expressions: [lower(b)]}\n"
        "      - {name: st\"x; --, columns: [a, b], kinds: [dependencies], target: 42, comment: it's $$ ü}\n"), text
