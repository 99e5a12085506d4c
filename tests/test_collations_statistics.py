"""Collations, extended statistics and per-column statistics settings, from the YAML side:
meaning checks at file:line:col, default names, hostile strings, import then plan empty, and
what the catalog reads whatever the server version (attstattarget -1 before 17, NULL after)."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemaforge.entities import load_schema
from schemaforge.entities.statistics import default_statistics_name
from schemaforge.model import Column, Database, QName, Statistics, Table
from schemaforge.planner import build_plan
from tests.conftest import query, run_sql
from tests.importcheck import import_is_noop
from tests.pairs import inspect_url
from tests.test_validate import HEAD, problems_for

ENTITY = "entities:\n  T:\n    columns:\n      a: { type: int }\n      b: { type: text }\n"


@pytest.mark.parametrize(("text", "where", "message"), [
    pytest.param(ENTITY + "    statistics:\n      - { columns: [a] }\n", "schema/app.yaml:7:9",
                 "statistics need at least two columns or expressions", id="one-column"),
    pytest.param(ENTITY + "    statistics:\n      - { columns: [a, nope] }\n", "schema/app.yaml:7:24",
                 "statistics names column 'nope'", id="unknown-column"),
    pytest.param(ENTITY + "    statistics:\n      - { columns: [a, a] }\n", "schema/app.yaml:7:20",
                 "statistics name a column twice", id="column-twice"),
    pytest.param(ENTITY + "    statistics:\n      - { expressions: [lower(b)], kinds: [mcv] }\n", "schema/app.yaml:7:36",
                 "statistics on a single expression take no kinds", id="single-expression-kinds"),
    pytest.param(ENTITY + "    statistics:\n      - { columns: [a, b], target: 20000 }\n", "schema/app.yaml:7:36",
                 "statistics target 20000 is above 10000", id="target-too-high"),
    pytest.param(ENTITY + "    statistics:\n      - { columns: [a], expressions: [\"b); DROP TABLE t; --\"] }\n",
                 "schema/app.yaml:7:39", "statistics expression", id="expression-injection"),
    pytest.param(HEAD + "      n: { type: int, statistics: 10001 }\n", "schema/app.yaml:5:35",
                 "statistics target 10001 is above 10000", id="column-target-too-high"),
    pytest.param(HEAD + "      n: { type: text, storage: compressed }\n", "schema/app.yaml:5:33",
                 "", id="storage-not-a-choice"),
    pytest.param("collations:\n  c: { provider: icu }\n", "schema/app.yaml:2:6",
                 "collation 'c' needs a locale", id="collation-no-locale"),
    pytest.param("collations:\n  c: { provider: icu, lc_collate: C, lc_ctype: C }\n", "schema/app.yaml:2:23",
                 "lc_collate is for provider libc only", id="collation-icu-lc"),
    pytest.param("collations:\n  c: { locale: C, deterministic: false }\n", "schema/app.yaml:2:34",
                 "only icu collations can be nondeterministic", id="collation-nondeterministic-libc"),
    pytest.param("collations:\n  c: { locale: C, lc_collate: C, lc_ctype: C }\n", "schema/app.yaml:2:19",
                 "give locale or lc_collate and lc_ctype, not both", id="collation-both"),
])
def test_bad_input_is_located(tmp_path, monkeypatch, text, where, message):
    problems = problems_for(tmp_path, {"app.yaml": text}, monkeypatch)
    hits = [p for p in problems if p.startswith(where + ": ") and message in p]
    assert hits, f"expected {where}: ...{message}... in:\n" + "\n".join(problems)


def _load(tmp_path: Path, monkeypatch, text: str) -> Database:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "app.yaml").write_text(text)
    return load_schema(Path("schema"))


def test_statistics_build_default_names_columns_in_table_order_and_kinds(tmp_path, monkeypatch):
    db = _load(tmp_path, monkeypatch, ENTITY + "      c: { type: int }\n    statistics:\n"
               "      - { columns: [c, a] }\n"
               "      - { columns: [c, a], kinds: [ndistinct] }\n"
               "      - { columns: [a], expressions: [lower(b)], kinds: [mcv, ndistinct, dependencies], target: -1 }\n"
               "      - { name: mine, expressions: [lower(b)], target: 300, comment: x }\n")
    assert db.tables[0].statistics == (
        Statistics("mine", (), ("lower(b)",), (), 300, "x"),
        Statistics("t_a_c_stat", ("a", "c")),
        Statistics("t_a_c_stat1", ("a", "c"), kinds=("ndistinct",)),
        Statistics("t_a_expr_stat", ("a",), ("lower(b)",)),
    )


def test_default_statistics_name_is_postgres_one(make_db):
    """PostgreSQL names an unnamed statistics object exactly as we do (16+: the name is optional)."""
    url = make_db()
    long = "c" * 60
    run_sql(url, f"CREATE TABLE t (a int, {long} int, b text)")
    if query(url, "SHOW server_version_num")[0][0] < "160000":
        pytest.skip("CREATE STATISTICS needs a name before PostgreSQL 16")
    run_sql(url, f"CREATE STATISTICS ON a, {long} FROM t; CREATE STATISTICS ON a, (lower(b)) FROM t")
    names = [r[0] for r in query(url, "SELECT stxname FROM pg_statistic_ext ORDER BY oid")]
    assert names == [default_statistics_name("t", ["a", long], 0), default_statistics_name("t", ["a"], 1)]


def test_defaults_read_as_none_whatever_the_version(make_db):
    """-1 (before 17) or NULL (17 on), a reset target, the type's own storage: all None."""
    url = make_db()
    run_sql(url, "CREATE TABLE t (a int, b text, n numeric);"
                 "ALTER TABLE t ALTER COLUMN a SET STATISTICS 5, ALTER COLUMN a SET STATISTICS -1,"
                 " ALTER COLUMN b SET STORAGE EXTENDED, ALTER COLUMN n SET STORAGE MAIN;"
                 "CREATE STATISTICS s ON a, b FROM t; ALTER STATISTICS s SET STATISTICS 7;"
                 "ALTER STATISTICS s SET STATISTICS -1")
    t = inspect_url(url).tables[0]
    assert [(c.statistics, c.storage, c.compression) for c in t.columns] == [(None, None, None)] * 3
    assert t.statistics == (Statistics("s", ("a", "b")),)


def test_import_writes_them_and_plans_nothing(project, tmp_path):
    url = project.db_url
    run_sql(url, """
        CREATE SCHEMA app;
        CREATE COLLATION app."Odd ""coll" (lc_collate = 'C', lc_ctype = 'POSIX');
        COMMENT ON COLLATION app."Odd ""coll" IS 'it''s
        two lines';
        CREATE TABLE app.t (a int, b text COMPRESSION pglz COLLATE app."Odd ""coll", "we ird" jsonb);
        ALTER TABLE app.t ALTER COLUMN a SET STATISTICS 321, ALTER COLUMN "we ird" SET STORAGE MAIN;
        CREATE STATISTICS app."st""x" (dependencies) ON a, "we ird" FROM app.t;
        ALTER STATISTICS app."st""x" SET STATISTICS 42;
        COMMENT ON STATISTICS app."st""x" IS 'correlated';
        CREATE STATISTICS app.t_expr ON (lower(b)) FROM app.t;
    """)
    out = import_is_noop(url, tmp_path / "w")
    text = (out / "app" / "t.yaml").read_text()
    assert text.split("\n", 2)[2] == (
        "schema: app\n"
        "entities:\n"
        "  T:\n"
        "    columns:\n"
        "      a: {type: integer, nullable: true, statistics: 321}\n"
        "      b: {type: text, nullable: true, collation: app.\"Odd \"\"coll\", compression: pglz}\n"
        "      we ird: {type: jsonb, nullable: true, storage: main}\n"
        "    statistics:\n"
        "      - {name: st\"x, columns: [a, we ird], kinds: [dependencies], target: 42, comment: correlated}\n"
        "      - {name: t_expr, expressions: [lower(b)]}\n"), text
    types = (out / "app" / "_types.yaml").read_text()
    assert "collations:\n" in types and "lc_collate: C" in types and "lc_ctype: POSIX" in types, types


def test_a_column_using_a_collation_is_created_after_it_and_dropped_before_it():
    coll = Database().collations  # noqa: F841  (empty: the collation comes from the model below)
    from schemaforge.model import Collation

    c = Collation("public", "bytes", locale="C")
    table = Table("public", "t", (Column("v", "text", collation='public."bytes"'),))
    plan = build_plan(Database(), Database(tables=(table,), collations=(c,)))
    assert list(plan.up) == ['CREATE COLLATION "public"."bytes" (provider = libc, locale = \'C\')',
                             'CREATE TABLE "public"."t" (\n  "v" text COLLATE public."bytes"\n)']
    assert list(plan.down) == ['DROP TABLE "public"."t"', 'DROP COLLATION "public"."bytes"']


def test_statistics_follow_a_renamed_column_and_table():
    """Renames keep the statistics object: no drop and create."""
    old = Table("public", "t", (Column("a", "int"), Column("b", "int")),
                statistics=(Statistics("s", ("a", "b")),))
    new = Table("public", "u", (Column("a", "int"), Column("c", "int", renamed_from="b")), renamed_from="t",
                statistics=(Statistics("s", ("a", "c")),))
    plan = build_plan(Database(tables=(old,)), Database(tables=(new,)))
    assert [c.kind for c in plan.changes] == ["rename_table", "rename_column"]


def test_column_options_reset_to_the_types_storage():
    a = Table("public", "t", (Column("n", "numeric", storage="external", statistics=5),))
    b = Table("public", "t", (Column("n", "numeric"),))
    plan = build_plan(Database(tables=(a,)), Database(tables=(b,)))
    assert list(plan.up) == ['ALTER TABLE "public"."t" ALTER COLUMN "n" SET STATISTICS -1',
                             'ALTER TABLE "public"."t" ALTER COLUMN "n" SET STORAGE MAIN']
    assert list(plan.down) == ['ALTER TABLE "public"."t" ALTER COLUMN "n" SET STATISTICS 5',
                               'ALTER TABLE "public"."t" ALTER COLUMN "n" SET STORAGE EXTERNAL']
    assert QName("public", "t") == b.qname


def test_defaults_of_every_version_read_as_none():
    """The embedded server is 18 (NULL for a default); PostgreSQL 15 and 16 store -1."""
    from schemaforge.inspect.statistics import _target, statistics_kinds

    assert [_target(v) for v in (None, -1, 0, 250)] == [None, None, 0, 250]
    assert statistics_kinds(["d", "f", "m"]) == () and statistics_kinds(["d", "f", "m", "e"]) == ()
    assert statistics_kinds(["e"]) == () and statistics_kinds(["m", "d"]) == ("mcv", "ndistinct")


@pytest.mark.parametrize(("text", "keys"), [
    ('"C"', ()),
    ('"en-US-x-icu"', ()),
    ('public."bytes"', (("collation", "public", "bytes"),)),
    ('app."Odd ""Name"', (("collation", "app", 'Odd "Name'),)),
    ('"my ""sch"."x.y"', (("collation", 'my "sch', "x.y"),)),
    (None, ()),
])
def test_a_column_requires_the_collation_it_names(text, keys):
    from schemaforge import changes as ch

    add = ch.AddColumn(QName("public", "t"), Column("v", "text", collation=text))
    assert tuple(k for k in add.requires() if k[0] == "collation") == keys
