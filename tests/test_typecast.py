"""Column type changes: danger labels from PostgreSQL's catalog, SQL PostgreSQL accepts.

Issue 8, findings 5a (``text -> citext`` was refused as "may truncate or fail" and warned as
a rewrite) and 7 (a column moved between enums, or between types with no cast, produced SQL
PostgreSQL rejects, with no way to say how to convert).
"""

from __future__ import annotations

import pytest

from tests.conftest import plan_json, query, run_sql, sync
from tests.pairs import execute, inspect_url

HEAD = """
entities:
  Item:
    columns:
      id: { type: bigint, primary: true }
"""






def hazards(doc: dict) -> list[tuple[str, bool]]:
    return [(h["kind"], h["destructive"]) for h in doc["hazards"]]


def change_type(project, old: str, new: str, *, top: str = "", fill: str | None = None) -> dict:
    """Sync a column ``v`` of type ``old``, then plan it to ``new``."""
    project.schema(top + HEAD + f'      v: {{ type: "{old}", nullable: true }}\n')
    sync(project)
    if fill:
        run_sql(project.db_url, fill)
    project.schema(top + HEAD + f'      v: {{ type: "{new}", nullable: true }}\n')
    doc = plan_json(project)
    assert len(doc["changes"]) == 1, doc["changes"]
    return doc


# --- 5a: danger labels ---------------------------------------------------------------------------


def test_text_to_citext_is_neither_destructive_nor_a_rewrite(project):
    doc = change_type(project, "text", "citext", top="extensions: [citext]\n")
    assert doc["up"] == ['ALTER TABLE "public"."item" ALTER COLUMN "v" TYPE public.citext']
    assert hazards(doc) == []
    assert doc["summary"]["destructive"] == 0
    sync(project)  # no --allow-destructive needed
    assert plan_json(project)["changes"] == []


def test_text_to_citext_when_the_extension_is_new_in_the_same_plan(project):
    project.schema(HEAD + "      v: { type: text, nullable: true }\n")
    sync(project)
    project.schema("extensions: [citext]\n" + HEAD + "      v: { type: citext, nullable: true }\n")
    doc = plan_json(project)
    assert hazards(doc) == []
    sync(project)
    assert plan_json(project)["changes"] == []


@pytest.mark.parametrize("new", ["varchar(20)", "text", "varchar"])
def test_widening_varchar_rewrites_nothing(project, new):
    doc = change_type(project, "varchar(10)", new)
    assert hazards(doc) == []


def test_numeric_scale_cut_is_destructive(project):
    doc = change_type(project, "numeric(12,2)", "numeric(12,0)")
    assert ("data_loss", True) in hazards(doc)
    assert ("table_rewrite", False) in hazards(doc)


def test_numeric_precision_widening_keeps_the_table(project):
    assert hazards(change_type(project, "numeric(12,2)", "numeric(14,2)")) == []


def test_int_to_bigint_rewrites_but_loses_nothing(project):
    doc = change_type(project, "integer", "bigint")
    assert hazards(doc) == [("table_rewrite", False)]
    assert "rewrites" in doc["hazards"][0]["message"]


def test_bigint_to_int_may_fail(project):
    doc = change_type(project, "bigint", "integer")
    assert ("data_loss", True) in hazards(doc)
    loss = next(h for h in doc["hazards"] if h["kind"] == "data_loss")
    assert "may fail" in loss["message"] and "bigint -> integer" in loss["message"]


def test_text_to_varchar_may_fail(project):
    doc = change_type(project, "text", "varchar(5)")
    assert ("data_loss", True) in hazards(doc)


# --- 7: SQL PostgreSQL accepts ------------------------------------------------------------------

ENUMS = "enums:\n  mood: [ok, sad]\n  feeling: [ok, sad, happy]\n"


def test_column_moved_to_another_enum_goes_through_text(project):
    doc = change_type(project, "mood", "feeling", top=ENUMS, fill="INSERT INTO item VALUES (1, 'sad')")
    assert doc["up"] == [
        'ALTER TABLE "public"."item" ALTER COLUMN "v" TYPE public.feeling USING "v"::text::public.feeling']
    assert doc["down"] == [
        'ALTER TABLE "public"."item" ALTER COLUMN "v" TYPE public.mood USING "v"::text::public.mood']
    before = inspect_url(project.db_url)
    sync(project, "--allow-destructive")  # a label of the new enum may be missing
    assert query(project.db_url, "SELECT v::text FROM item") == [("sad",)]
    assert plan_json(project)["changes"] == []
    execute(project.db_url, doc["down"])
    assert inspect_url(project.db_url) == before


def test_enum_array_moved_to_another_enum(project):
    doc = change_type(project, "mood[]", "feeling[]", top=ENUMS, fill="INSERT INTO item VALUES (1, '{ok,sad}')")
    assert doc["up"][0].endswith('USING "v"::text[]::public.feeling[]')
    sync(project, "--allow-destructive")
    assert query(project.db_url, "SELECT v::text FROM item") == [("{ok,sad}",)]
    execute(project.db_url, doc["down"])


@pytest.mark.parametrize(("old", "new"), [("mood", "text"), ("text", "mood"), ("mood", "varchar(10)")])
def test_enum_to_and_from_text(project, old, new):
    doc = change_type(project, old, new, top=ENUMS, fill="INSERT INTO item VALUES (1, 'sad')")
    before = inspect_url(project.db_url)
    sync(project, "--allow-destructive")
    assert query(project.db_url, "SELECT v::text FROM item") == [("sad",)]
    assert plan_json(project)["changes"] == []
    execute(project.db_url, doc["down"])
    assert inspect_url(project.db_url) == before


def test_text_to_integer_casts_explicitly(project):
    doc = change_type(project, "text", "integer", fill="INSERT INTO item VALUES (1, '42')")
    assert doc["up"] == ['ALTER TABLE "public"."item" ALTER COLUMN "v" TYPE integer USING "v"::integer']
    assert doc["down"] == ['ALTER TABLE "public"."item" ALTER COLUMN "v" TYPE text']
    assert ("data_loss", True) in hazards(doc)


def test_type_change_without_a_cast_needs_using(project):
    project.schema(HEAD + "      v: { type: bigint, nullable: true }\n")
    sync(project)
    project.schema(HEAD + "      v: { type: timestamp, nullable: true }\n")
    res = project.forge("plan")
    assert res.exit_code == 1
    assert "public.item.v" in res.stderr
    assert "bigint" in res.stderr and "timestamp without time zone" in res.stderr
    assert "using:" in res.stderr
    res = project.forge("sync", "--allow-destructive")
    assert res.exit_code == 1 and "using:" in res.stderr


def test_using_without_using_down_names_the_down_direction(project):
    project.schema(HEAD + "      v: { type: bigint, nullable: true }\n")
    sync(project)
    project.schema(HEAD + "      v: { type: timestamptz, nullable: true, using: to_timestamp(v) }\n")
    res = project.forge("plan")
    assert res.exit_code == 1
    assert "using_down:" in res.stderr and "down" in res.stderr
    assert "timestamp with time zone" in res.stderr


def test_using_and_using_down_convert_both_ways(project):
    project.schema(HEAD + "      v: { type: bigint, nullable: true }\n")
    sync(project)
    run_sql(project.db_url, "INSERT INTO item VALUES (1, 86400)")
    before = inspect_url(project.db_url)
    project.schema(HEAD + "      v: { type: timestamptz, nullable: true, using: to_timestamp(v),"
                          " using_down: \"extract(epoch from v)::bigint\" }\n")
    doc = plan_json(project)
    assert doc["up"] == [
        'ALTER TABLE "public"."item" ALTER COLUMN "v" TYPE timestamp with time zone USING to_timestamp(v)']
    assert doc["down"] == [
        'ALTER TABLE "public"."item" ALTER COLUMN "v" TYPE bigint USING extract(epoch from v)::bigint']
    assert ("data_loss", True) in hazards(doc)  # an expression of the user's: anything can happen
    sync(project, "--allow-destructive")
    assert query(project.db_url, "SELECT v = to_timestamp(86400) FROM item") == [(True,)]
    # using is a hint for the type change only: once the type matches it makes no diff
    assert plan_json(project)["changes"] == []
    execute(project.db_url, doc["down"])
    assert inspect_url(project.db_url) == before
    assert query(project.db_url, "SELECT v FROM item") == [(86400,)]


def test_using_is_ignored_when_the_type_does_not_change(project):
    project.schema(HEAD + "      v: { type: text, nullable: true, using: upper(v), using_down: lower(v) }\n")
    sync(project)
    assert plan_json(project)["changes"] == []
    project.schema(HEAD + "      v: { type: text, using: upper(v) }\n")
    doc = plan_json(project)
    # the lock-safe form of SET NOT NULL (a validated helper check), and no USING anywhere
    assert doc["up"] == [
        'ALTER TABLE "public"."item" ADD CONSTRAINT "item_v_not_null_check" CHECK ("v" IS NOT NULL) NOT VALID',
        'ALTER TABLE "public"."item" VALIDATE CONSTRAINT "item_v_not_null_check"',
        'ALTER TABLE "public"."item" ALTER COLUMN "v" SET NOT NULL',
        'ALTER TABLE "public"."item" DROP CONSTRAINT "item_v_not_null_check"',
    ]


def test_generate_writes_the_conversion_into_the_migration(project):
    project.schema(ENUMS + HEAD + "      v: { type: mood, nullable: true }\n")
    sync(project)
    project.schema(ENUMS + HEAD + "      v: { type: feeling, nullable: true }\n")
    res = project.forge("generate", "move", "--allow-destructive")
    assert res.exit_code == 0, res.output
    text = next((project.root / "migrations").glob("*_move.sql")).read_text()
    assert 'USING "v"::text::public.feeling' in text and 'USING "v"::text::public.mood' in text


def test_generate_from_migrations_asks_a_scratch_database(project):
    # no database holds citext yet: the replayed migrations are gone, the target is not asked
    project.schema(HEAD + "      v: { type: text, nullable: true }\n")
    assert project.forge("generate", "init", "--from-migrations").exit_code == 0
    project.schema("extensions: [citext]\n" + HEAD + "      v: { type: citext, nullable: true }\n")
    res = project.forge("generate", "ci", "--from-migrations")  # not destructive: no consent needed
    assert res.exit_code == 0, res.output
    text = next((project.root / "migrations").glob("*_ci.sql")).read_text()
    assert 'ALTER COLUMN "v" TYPE public.citext;' in text and 'ALTER COLUMN "v" TYPE text;' in text


# --- validate ------------------------------------------------------------------------------------


def test_validate_locates_a_bad_using_expression(offline_project):
    offline_project.schema(HEAD + "      v: { type: integer, using: \"v +\" }\n"
                                  "      w: { type: integer, using_down: \"1; DROP TABLE x\" }\n")
    res = offline_project.forge("validate")
    assert res.exit_code == 1
    assert "schema/app.yaml:5:34: error: invalid SQL in using of column 'v'" in res.output
    assert "schema/app.yaml:6:39: error: invalid SQL in using_down of column 'w'" in res.output


def test_json_schema_describes_using():
    from schemaforge.entities import json_schema

    cols = json_schema()["properties"]["entities"]["additionalProperties"]["properties"]["columns"]
    props = cols["additionalProperties"]["properties"]
    assert "USING" in props["using"]["description"] and "down" in props["using_down"]["description"]


# --- the classification against what PostgreSQL does -------------------------------------------

SETUP = """
CREATE EXTENSION citext;
CREATE TYPE m1 AS ENUM ('a', 'b');
CREATE TYPE m2 AS ENUM ('a', 'b', 'c');
CREATE TYPE pair AS (x int, y int);
CREATE DOMAIN checked AS text CHECK (VALUE <> '');
CREATE DOMAIN plain AS text;
CREATE DOMAIN short AS varchar(5);
"""

# old, new, expected (rewrite, lossy, route): route None = ALTER TYPE converts by itself
TRUTH = [
    ("text", "citext", False, False, None),
    ("citext", "text", False, False, None),
    ("varchar(5)", "citext", False, False, None),
    ("citext", "varchar(5)", True, True, None),
    ("varchar(10)", "varchar(20)", False, False, None),
    ("varchar(10)", "varchar", False, False, None),
    ("varchar(10)", "text", False, False, None),
    ("text", "varchar", False, False, None),
    ("varchar(20)", "varchar(10)", True, True, None),
    ("varchar", "varchar(10)", True, True, None),
    ("text", "varchar(10)", True, True, None),
    ("char(5)", "char(10)", True, False, None),
    ("char(5)", "text", True, False, None),
    ("bit(3)", "bit(4)", True, True, None),
    ("varbit(3)", "varbit(5)", False, False, None),
    ("numeric(12,2)", "numeric(14,2)", False, False, None),
    ("numeric(12,2)", "numeric(14,4)", True, False, None),
    ("numeric(12,2)", "numeric", False, False, None),
    ("numeric(12,2)", "numeric(12,0)", True, True, None),
    ("numeric(12,2)", "numeric(11,2)", True, True, None),
    ("numeric", "numeric(12,2)", True, True, None),
    ("timestamp(3)", "timestamp", False, False, None),
    ("timestamp(3)", "timestamp(6)", False, False, None),
    ("timestamp", "timestamp(6)", False, False, None),
    ("timestamp", "timestamp(3)", True, True, None),
    ("time(2)", "time(4)", False, False, None),
    ("interval(2)", "interval", False, False, None),
    ("interval day to second", "interval", False, False, None),
    ("interval", "interval day to second", False, False, None),
    ("interval", "interval year to month", True, True, None),
    ("timestamp", "timestamptz", True, False, None),
    ("timestamptz", "timestamp", True, True, None),
    ("date", "timestamp", True, False, None),
    ("timestamp", "date", True, True, None),
    ("integer", "bigint", True, False, None),
    ("smallint", "integer", True, False, None),
    ("bigint", "integer", True, True, None),
    ("integer", "numeric", True, False, None),
    ("integer", "numeric(5,0)", True, True, None),
    ("numeric", "integer", True, True, None),
    ("real", "double precision", True, False, None),
    ("double precision", "real", True, True, None),
    ("bigint", "double precision", True, True, None),
    ("integer", "oid", False, False, None),
    ("integer", "text", True, False, None),
    ("integer", "varchar(5)", True, True, None),
    ("uuid", "text", True, False, None),
    ("text", "integer", True, True, "cast"),
    ("text", "uuid", True, True, "cast"),
    ("text", "xml", True, True, "cast"),
    ("xml", "text", False, False, None),
    ("integer", "boolean", True, True, "cast"),
    ("json", "jsonb", True, True, None),
    ("inet", "cidr", True, True, None),
    ("cidr", "inet", False, False, None),
    ("bigint", "timestamp", True, True, "none"),
    ("integer", "int4range", True, True, "none"),
    ("m1", "m2", True, True, "text"),
    ("m1", "text", True, False, None),
    ("m1", "varchar(1)", True, True, None),
    ("text", "m1", True, True, "cast"),
    ("citext", "m1", True, True, "cast"),
    ("integer", "m1", True, True, "none"),
    ("pair", "text", True, False, None),
    ("text", "pair", True, True, "cast"),
    ("text", "checked", True, True, None),
    ("checked", "text", False, False, None),
    ("text", "plain", False, False, None),
    ("plain", "checked", True, True, None),
    ("short", "text", False, False, None),
    ("text", "short", True, True, None),
    ("integer[]", "bigint[]", True, False, None),
    ("text[]", "citext[]", True, False, None),
    ("varchar(3)[]", "varchar(5)[]", True, False, None),
    ("varchar(3)[]", "varchar[]", False, False, None),
    ("varchar(5)[]", "varchar(3)[]", True, True, None),
    ("text[]", "integer[]", True, True, "cast"),
    ("m1[]", "m2[]", True, True, "text"),
    ("m1[]", "text[]", True, False, None),
    ("integer[]", "text", True, False, None),
    ("text", "integer[]", True, True, "cast"),
    ("integer[]", "integer", True, True, "none"),
]


def _canonical(t: str) -> str:
    from schemaforge.types import normalize_type

    user = {"citext", "m1", "m2", "pair", "checked", "plain", "short"}
    base, arr = (t[:-2], "[]") if t.endswith("[]") else (t, "")
    return f"public.{base}{arr}" if base in user else normalize_type(t)


def test_classification_matches_what_postgresql_does(db_url):
    import psycopg

    from schemaforge.inspect import inspect_database
    from schemaforge.typecast import CastCatalog, classify, connection, resolve

    run_sql(db_url, SETUP)
    with psycopg.connect(db_url) as conn:
        model = inspect_database(conn)
    resolved = [(resolve(_canonical(o), model), resolve(_canonical(n), model)) for o, n, *_ in TRUTH]
    pairs = [(s.name if s.kind == "base" else None, d.name if d.kind == "base" else None) for s, d in resolved]
    facts = CastCatalog(connection(db_url)).facts(pairs)
    wrong = []
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("SET TimeZone = 'Europe/Paris'")  # timestamp <-> timestamptz rewrites off UTC
        for (old, new, rewrite, lossy, route), (s, d), pair in zip(TRUTH, resolved, pairs, strict=True):
            conv = classify(s, d, facts.get(pair))
            if (conv.rewrite, conv.lossy, conv.route) != (rewrite, lossy, route):
                wrong.append(f"{old} -> {new}: classified {conv}")
            conn.execute("DROP TABLE IF EXISTS t")
            conn.execute(f"CREATE TABLE t (v {_canonical(old)})")
            conn.execute("INSERT INTO t VALUES (NULL)")
            node = conn.execute("SELECT pg_relation_filenode('t')").fetchone()[0]
            using = {"cast": f" USING v::{_canonical(new)}", "text": f" USING v::text{'[]' if d.array else ''}"
                     f"::{_canonical(new)}"}.get(route or "", "")
            try:
                conn.execute(f"ALTER TABLE t ALTER COLUMN v TYPE {_canonical(new)}{using}")
            except psycopg.Error as exc:
                if route != "none":
                    wrong.append(f"{old} -> {new}: PostgreSQL refused: {exc.diag.message_primary}")
                continue
            if route == "none":
                wrong.append(f"{old} -> {new}: PostgreSQL converts it, yet classified as needing using:")
            rewritten = conn.execute("SELECT pg_relation_filenode('t')").fetchone()[0] != node
            if rewritten != rewrite:
                wrong.append(f"{old} -> {new}: PostgreSQL {'rewrote' if rewritten else 'kept'} the table")
    assert not wrong, "\n".join(wrong)
