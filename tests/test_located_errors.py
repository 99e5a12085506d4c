"""What PostgreSQL refuses in the YAML is reported at the YAML fragment, all of it in one run.

`forge validate` checks what can be checked without a database; a function that does not
exist, a check naming a missing column or a view reading one only show when normalization
creates the model in a scratch database. Then every refused fragment is reported as
``file:line:col: <what is wrong> (PostgreSQL: <message>)`` with a hint, exit 1, no
traceback, and nothing reaches the target.
"""

from __future__ import annotations

import pytest

from schemaforge.entities.positions import Part, inside, locate
from schemaforge.errors import ValidationFailed
from schemaforge.located import DEFAULT, VIEW, Fragment, Rejected, SchemaRejected
from tests.conftest import query

HEAD = """\
entities:
  Post:
    columns:
      id: { type: bigint, primary: true }
      title: { type: text }
"""
FN_HINT = ("  hint: check the function's name and argument types; declare the function under functions: "
           "(forge import writes those a database has), or its extension under extensions:")
COLS_HINT = "  hint: columns of public.post: id, title"

# (YAML, the problem lines of `forge plan`), one refused fragment each
CASES = {
    "default-literal": (
        HEAD + "      due: { type: date, default: \"not a date\" }\n",
        ["schema/app.yaml:6:35: error: default of column 'due' is not a valid value "
         "(PostgreSQL: invalid input syntax for type date: \"not a date\")",
         "  hint: write a value of type date, or use default_sql for an SQL expression"]),
    "default-sql": (
        HEAD + "      at: { type: timestamptz, default_sql: nw() }\n",
        ["schema/app.yaml:6:45: error: default_sql of column 'at' calls a function that does not exist "
         "(PostgreSQL: function nw() does not exist)", FN_HINT]),
    "check-missing-column": (
        HEAD + "    checks:\n      positive: \"nope > 0\"\n",
        ["schema/app.yaml:7:17: error: check 'positive' names a column that does not exist "
         "(PostgreSQL: column \"nope\" does not exist)", COLS_HINT]),
    "column-check-missing-column": (
        HEAD + "      n: { type: integer, check: \"nope > 0\" }\n",
        ["schema/app.yaml:6:34: error: check of column 'n' names a column that does not exist "
         "(PostgreSQL: column \"nope\" does not exist)", "  hint: columns of public.post: id, title, n"]),
    "index-unknown-function": (
        HEAD + "    indexes:\n      - { expressions: [\"lower(title)\", \"lowr(title)\"] }\n",
        ["schema/app.yaml:7:42: error: index expression calls a function that does not exist "
         "(PostgreSQL: function lowr(text) does not exist)", FN_HINT]),
    "view-missing-column": (
        HEAD + "views:\n  recent:\n    sql: |\n      SELECT id,\n             nope\n      FROM post\n",
        ["schema/app.yaml:10:14: error: view 'recent' names a column that does not exist "
         "(PostgreSQL: column \"nope\" does not exist)", "  hint: check the names of the columns the query reads"]),
    "domain-check": (
        "domains:\n  positive_int:\n    type: integer\n    checks:\n      positive: \"VALUE > nope\"\n" + HEAD,
        ["schema/app.yaml:5:17: error: check 'positive' of domain 'positive_int' names a column that does not exist "
         "(PostgreSQL: column \"nope\" does not exist)", "  hint: a domain's check names its value VALUE"]),
    "generated-column": (
        HEAD + "      words: { type: integer, generated_sql: \"lenth(title)\" }\n",
        ["schema/app.yaml:6:46: error: generated_sql of column 'words' calls a function that does not exist "
         "(PostgreSQL: function lenth(text) does not exist)", FN_HINT]),
    "partial-index-predicate": (
        HEAD + "    indexes:\n      - { columns: [title], where: \"title <> '' AND nope > 0\" }\n",
        ["schema/app.yaml:7:53: error: index where names a column that does not exist "
         "(PostgreSQL: column \"nope\" does not exist)", COLS_HINT]),
    "column-type": (
        HEAD + "      kind: { type: public.no_such_type }\n",
        ["schema/app.yaml:6:21: error: type 'public.no_such_type' of column 'kind' names a type or object that "
         "does not exist (PostgreSQL: type \"public.no_such_type\" does not exist)",
         "  hint: use a PostgreSQL type, an enum, domain or composite type of the YAML, or an extension's type"]),
    "identity-options": (
        "entities:\n  Post:\n    columns:\n"
        "      id: { type: bigint, primary: true, identity: { type: always, start: 100, max_value: 10 } }\n",
        ["schema/app.yaml:4:7: error: column 'id' cannot be created "
         "(PostgreSQL: START value (100) cannot be greater than MAXVALUE (10))",
         "  hint: check the column's type, identity and collation"]),
    "partition-key": (
        "entities:\n  Event:\n    partition_by: RANGE (nope)\n    columns:\n      id: { type: bigint }\n",
        ["schema/app.yaml:3:26: error: partition_by of entity 'Event' names a column that does not exist "
         "(PostgreSQL: column \"nope\" named in partition key does not exist)", "  hint: columns of public.event: id"]),
    "view-over-refused-view": (  # the view over it is not reported again
        HEAD + "views:\n  a:\n    sql: SELECT nope FROM post\n  b:\n    sql: SELECT * FROM a\n",
        ["schema/app.yaml:8:17: error: view 'a' names a column that does not exist "
         "(PostgreSQL: column \"nope\" does not exist)", "  hint: check the names of the columns the query reads"]),
    "materialized-view-index": (
        HEAD + "views:\n  m:\n    materialized: true\n    sql: SELECT id, title FROM post\n"
        "    indexes:\n      - { expressions: [\"uppr(title)\"] }\n",
        ["schema/app.yaml:11:26: error: index expression calls a function that does not exist "
         "(PostgreSQL: function uppr(text) does not exist)", FN_HINT]),
    "materialized-view-statistics-column": (  # PostgreSQL gives no position: the probe finds the column
        HEAD + "views:\n  m:\n    materialized: true\n    sql: SELECT id, title FROM post\n"
        "    statistics:\n      - { name: m_st, columns: [id, nope] }\n",
        ["schema/app.yaml:11:37: error: statistics column names a column that does not exist "
         "(PostgreSQL: column \"nope\" does not exist)", "  hint: columns of public.m: id, title"]),
    "materialized-view-statistics-expression": (
        HEAD + "views:\n  m:\n    materialized: true\n    sql: SELECT id, title FROM post\n"
        "    statistics:\n      - { columns: [title], expressions: [\"lowr(title)\"] }\n",
        ["schema/app.yaml:11:44: error: statistics expression calls a function that does not exist "
         "(PostgreSQL: function lowr(text) does not exist)", FN_HINT]),
    "materialized-view-statistics-expression-column": (
        HEAD + "views:\n  m:\n    materialized: true\n    sql: SELECT id, title FROM post\n"
        "    statistics:\n      - { columns: [id], expressions: [\"lower(nope)\"] }\n",
        ["schema/app.yaml:11:47: error: statistics expression names a column that does not exist "
         "(PostgreSQL: column \"nope\" does not exist)", "  hint: columns of public.m: id, title"]),
    "view-column-comment": (  # the query's columns only PostgreSQL can tell: in the hint
        HEAD + "views:\n  recent:\n    sql: SELECT *, upper(title) FROM post\n"
        "    columns:\n      upper: { comment: kept }\n      heading: { comment: \"it's; -- $$\" }\n",
        ["schema/app.yaml:11:7: error: comment on column 'heading' of view 'recent' names a column that does not "
         "exist (PostgreSQL: column \"heading\" of relation \"public.recent\" does not exist)",
         "  hint: columns of view public.recent: id, title, upper"]),
    "materialized-view-column-comment": (
        HEAD + "views:\n  m:\n    materialized: true\n    sql: SELECT count(*) FROM post\n"
        "    columns:\n      \"Nope\": { comment: x }\n",
        ["schema/app.yaml:11:7: error: comment on column 'Nope' of view 'm' names a column that does not "
         "exist (PostgreSQL: column \"Nope\" of relation \"public.m\" does not exist)",
         "  hint: columns of view public.m: count"]),
    "exclusion-element": (
        "extensions: [btree_gist]\n" + HEAD + "    exclusions:\n      - { elements: [{ element: \"lowr(title)\", with: \"=\" }] }\n",
        ["schema/app.yaml:8:34: error: exclusion constraint element calls a function that does not exist "
         "(PostgreSQL: function lowr(text) does not exist)", FN_HINT]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_fragment_is_located(project, case):
    text, expected = CASES[case]
    project.schema(text)
    res = project.forge("plan")
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [*expected, "✗ 1 problem(s) found"]
    assert "Traceback" not in res.output
    assert query(project.db_url, "SELECT count(*) FROM pg_class WHERE relname = 'post'") == [(0,)]


def test_declared_public_schema_is_no_failure(project):
    """``public`` exists in every scratch database: declaring it (with a comment) hides nothing."""
    project.schema("schemas:\n  public: { comment: the main schema }\n" + HEAD
                   + "      at: { type: timestamptz, default_sql: nw() }\n")
    res = project.forge("plan")
    assert res.stderr.splitlines() == [
        "schema/app.yaml:8:45: error: default_sql of column 'at' calls a function that does not exist "
        "(PostgreSQL: function nw() does not exist)", FN_HINT, "✗ 1 problem(s) found"]


def test_missing_extension_hides_what_it_would_bring(project):
    """An extension the server does not have is reported; the function it would have brought is not."""
    project.schema("extensions: [no_such_ext]\n" + HEAD + "      x: { type: text, default_sql: no_such_ext_fn() }\n")
    res = project.forge("plan")
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    assert lines[0].startswith("schema/app.yaml:1:14: error: extension 'no_such_ext' is not available on the server "
                               "(PostgreSQL: "), lines  # PostgreSQL's wording differs between versions
    assert lines[-1] == "✗ 1 problem(s) found"


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_without_a_database_is_unchanged(offline_project, case):
    """These need PostgreSQL to be seen: `forge validate` (no database) still passes them."""
    offline_project.schema(CASES[case][0])
    res = offline_project.forge("validate")
    assert res.exit_code == 0, res.output


def test_every_refused_fragment_in_one_run_in_file_order(project):
    project.write("schema/a.yaml", HEAD + "      at: { type: timestamptz, default_sql: nw() }\n"
                  "    checks:\n      positive: \"nope > 0\"\n")
    project.write("schema/b.yaml", "entities:\n  Tag:\n    columns:\n      id: { type: bigint, primary: true }\n"
                  "      label: { type: text }\n    indexes:\n      - { columns: [label], where: \"gone IS NULL\" }\n")
    res = project.forge("plan")
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        "schema/a.yaml:6:45: error: default_sql of column 'at' calls a function that does not exist "
        "(PostgreSQL: function nw() does not exist)", FN_HINT,
        "schema/a.yaml:8:17: error: check 'positive' names a column that does not exist "
        "(PostgreSQL: column \"nope\" does not exist)", "  hint: columns of public.post: id, title, at",
        "schema/b.yaml:7:37: error: index where names a column that does not exist "
        "(PostgreSQL: column \"gone\" does not exist)", "  hint: columns of public.tag: id, label",
        "✗ 3 problem(s) found",
    ]
    assert "Traceback" not in res.output
    assert query(project.db_url, "SELECT count(*) FROM pg_class WHERE relname IN ('post', 'tag')") == [(0,)]
    # the same problems from `forge generate`, `forge sync` and `forge check`, and nothing written
    gen = project.forge("generate", "first")
    assert (gen.exit_code, gen.stderr) == (1, res.stderr)
    assert list((project.root / "migrations").iterdir()) == []
    synced = project.forge("sync")
    assert (synced.exit_code, synced.stderr) == (1, res.stderr)
    checked = project.forge("check")  # migrations replayed, then the YAML normalized
    assert (checked.exit_code, checked.stderr) == (1, res.stderr)
    assert query(project.db_url, "SELECT count(*) FROM pg_class WHERE relname IN ('post', 'tag')") == [(0,)]


def test_integer_default_is_checked_without_a_database(offline_project):
    offline_project.schema(HEAD + "      n: { type: integer, default: abc }\n      m: { type: bigint, default: true }\n"
                           "      ok: { type: integer, default: \" 1_000 \" }\n      f: { type: int, default: 2.5 }\n"
                           "      l: { type: smallint, default: [1, 2] }\n      d: { type: int8, default: 2024-01-31 }\n")
    res = offline_project.forge("validate")
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        "schema/app.yaml:6:36: error: default 'abc' of column 'n' is not an integer",
        "  hint: write a whole number such as 0, or use default_sql for an SQL expression",
        "schema/app.yaml:7:35: error: default true of column 'm' is not an integer",
        "  hint: write a whole number such as 0, or use default_sql for an SQL expression",
        "schema/app.yaml:10:37: error: default [1, 2] of column 'l' is not an integer",
        "  hint: write a whole number such as 0, or use default_sql for an SQL expression",
        "schema/app.yaml:11:33: error: default '2024-01-31' of column 'd' is not an integer",
        "  hint: write a whole number such as 0, or use default_sql for an SQL expression",
        "✗ 4 problem(s) found",
    ]


def test_unlocated_rejection_still_names_every_fragment(offline_project, monkeypatch):
    """A fragment the YAML does not hold (a model built elsewhere) is reported as it is."""
    offline_project.schema(HEAD.replace("title: { type: text }", "title: { type: text, default_sql: nw() }"))
    monkeypatch.chdir(offline_project.root)
    exc = SchemaRejected([
        Rejected(Fragment(VIEW, "public", "elsewhere", "", ("SELECT 1",)), "boom", "XX000"),
        Rejected(Fragment(DEFAULT, "public", "post", "title", ("nw()",)), "function nw() does not exist", "42883"),
    ])
    got = locate(exc, offline_project.root / "schema", "public")
    assert got is exc
    assert str(got) == ("PostgreSQL rejected 2 part(s) of the schema:\n"
                        "default of public.post (title): function nw() does not exist\n"
                        "view of public.elsewhere: boom")
    located = locate(SchemaRejected(exc.rejected[:1]), offline_project.root / "schema", "public")
    assert isinstance(located, ValidationFailed)
    assert [str(p) for p in located.problems] == [
        "schema/app.yaml:5:41: default_sql of column 'title' calls a function that does not exist "
        "(PostgreSQL: function nw() does not exist)\n  hint: " + FN_HINT.split("hint: ")[1]]


# (source lines, the part's line and column, the YAML value, the model's text, offset, expected)
INSIDE = {
    "plain": (["  sql: SELECT nope FROM t"], 1, 8, "SELECT nope FROM t", "SELECT nope FROM t", 7, (1, 15)),
    "double-quoted": (['  where: "a > 0 AND nope"'], 1, 10, "a > 0 AND nope", "a > 0 AND nope", 10, (1, 21)),
    "single-quoted": (["  where: 'nope > 0'"], 1, 10, "nope > 0", "nope > 0", 0, (1, 11)),
    "escape-before": (['  where: "x = \\"q\\" AND nope"'], 1, 10, 'x = "q" AND nope', 'x = "q" AND nope', 12, (1, 10)),
    "literal-block": (["  sql: |", "    SELECT 1,", "      nope"], 1, 8, "SELECT 1,\n  nope\n", "SELECT 1,\n  nope", 12,
                      (3, 7)),
    "literal-block-start": (["  sql: |", "    SELECT nope"], 1, 8, "SELECT nope\n", "SELECT nope", 0, (2, 5)),
    "folded-block": (["  sql: >", "    SELECT", "    nope"], 1, 8, "SELECT nope\n", "SELECT nope", 7, (1, 8)),
    "stripped-view": (["  sql: '  SELECT nope;'"], 1, 8, "  SELECT nope;", "SELECT nope", 7, (1, 18)),
    "text-not-in-value": (["  default: abc"], 1, 12, "abc", "'abc'", 1, (1, 12)),
}


@pytest.mark.parametrize("case", sorted(INSIDE))
def test_position_inside_the_yaml_value(case):
    lines, line, col, value, text, offset, expected = INSIDE[case]
    assert inside(lines, Part(line, col, "x", value), text, offset) == expected
