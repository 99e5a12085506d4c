"""Operators: symbols held to PostgreSQL's operator characters, YAML checked at file:line:col,
changes placed by their keys, rendered SQL exact, import writes them and lists operator
classes as not managed. (Round trips of every change: tests/corpus/operators/.)"""

from __future__ import annotations

import textwrap
from pathlib import Path

import psycopg
import pytest

from schemaforge import changes as ch
from schemaforge.diff import diff
from schemaforge.entities import load_schema
from schemaforge.entities.guard import guard
from schemaforge.errors import ForgeError, ValidationFailed
from schemaforge.inspect.unmanaged import unmanaged_objects
from schemaforge.model import Database, Operator, QName, Schema
from schemaforge.model.operators import symbol_error
from schemaforge.order import edges, order
from schemaforge.render import render_change
from tests.conftest import run_sql

EQ = Operator("public", "===", "integer", "integer", QName("public", "int_same"))


@pytest.mark.parametrize("symbol", ["~<<", "===", "!==", "<->", "@@", "#", "&&&", "?|", "`~", "+", "-", "<>",
                                    "~-", "@+", "*" * 63])
def test_symbols_accepted(symbol):
    assert symbol_error(symbol) is None


@pytest.mark.parametrize("symbol, message", [
    ("", "an operator name cannot be empty"),
    ("=); DROP TABLE t; --", "' ' is not an operator character (use only + - * / < > = ~ ! @ # % ^ & | ` ?)"),
    ("a=", "'a' is not an operator character (use only + - * / < > = ~ ! @ # % ^ & | ` ?)"),
    ("==\n", "'\\n' is not an operator character (use only + - * / < > = ~ ! @ # % ^ & | ` ?)"),
    ('"="', "'\"' is not an operator character (use only + - * / < > = ~ ! @ # % ^ & | ` ?)"),
    ("=;", "';' is not an operator character (use only + - * / < > = ~ ! @ # % ^ & | ` ?)"),
    ("<--", "an operator name cannot contain -- or /* (they start a comment)"),
    ("*/*", "an operator name cannot contain -- or /* (they start a comment)"),
    ("=>", "=> is reserved (named-argument notation)"),
    ("!=", "PostgreSQL reads != as <>: write <>"),
    ("<+", "a name of several characters ending in + or - needs one of ~ ! @ # % ^ & | ` ? (else the lexer splits it)"),
    ("*" * 64, "an operator name is at most 63 characters"),
])
def test_symbols_refused(symbol, message):
    assert symbol_error(symbol) == message


def _problems(tmp_path: Path, monkeypatch, text: str) -> list[str]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "app.yaml").write_text(textwrap.dedent(text).lstrip("\n"))
    try:
        load_schema(Path("schema"))
    except ValidationFailed as exc:
        return [f"{p.file}:{p.line}:{p.col}: {p.message}" for p in exc.problems]
    return []


def test_hostile_yaml_refused_at_its_place(tmp_path, monkeypatch):
    assert _problems(tmp_path, monkeypatch, """
        operators:
          '=); DROP TABLE t; --':
            left: integer
            right: integer
            function: f
          '===':
            left: integer; DROP TABLE t
            right: integer
            function: f(); DROP TABLE t
            commutator: public.=); DROP TABLE t
            negator: '"x.y".!=='
            restrict: eqsel
    """) == [
        "schema/app.yaml:2:3: operator '=); DROP TABLE t; --' is not an operator name: "
        "' ' is not an operator character (use only + - * / < > = ~ ! @ # % ^ & | ` ?)",
        "schema/app.yaml:7:11: operator '===': left type 'integer; DROP TABLE t' is not accepted: "
        "';' cannot follow a type name",
        "schema/app.yaml:9:15: operator '===': function 'f(); DROP TABLE t' is not accepted: "
        "it is not a single function name",
        "schema/app.yaml:10:17: operator '===': commutator 'public.=); DROP TABLE t' is not accepted: "
        "' ' is not an operator character (use only + - * / < > = ~ ! @ # % ^ & | ` ?)",
    ]


def test_yaml_builds_the_model(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "app.yaml").write_text(textwrap.dedent("""
        schema: app
        operators:
          '===':
            - {left: integer, right: integer, function: int_same, commutator: '===', negator: public.!==,
               restrict: eqsel, join: mine.joinsel, hashes: true, comment: same}
            - {right: text, function: pg_catalog.textlen}
    """).lstrip("\n"))
    db = load_schema(Path("schema"))
    assert db.operators == (
        Operator("app", "===", None, "text", QName("pg_catalog", "textlen")),
        Operator("app", "===", "integer", "integer", QName("app", "int_same"), commutator=QName("app", "==="),
                 negator=QName("public", "!=="), restrict=QName("pg_catalog", "eqsel"),
                 join=QName("mine", "joinsel"), hashes=True, comment="same"),
    )


def test_guard_refuses_a_built_symbol_it_cannot_write():
    db = Database(operators=(Operator("public", "=;", "integer", "integer", QName("public", "f")),))
    with pytest.raises(ForgeError, match="operator public.=;\\(integer, integer\\): symbol '=;'"):
        guard(db)


def test_renderer_refuses_a_symbol_it_cannot_write():
    with pytest.raises(ValueError, match="operator '=;'"):
        render_change(ch.CreateOperator(Operator("public", "=;", "integer", "integer", QName("public", "f"))))


def _sql(change) -> list[str]:
    return [str(s) for s in render_change(change)]


def test_rendered_sql():
    full = Operator("public", "===", "integer", "integer", QName("public", "int_same"),
                    commutator=QName("public", "==="), negator=QName("ops", "!=="),
                    restrict=QName("pg_catalog", "eqsel"), join=QName("pg_catalog", "eqjoinsel"),
                    hashes=True, merges=True, comment="it's equal")
    assert _sql(ch.CreateOperator(full)) == [
        'CREATE OPERATOR "public".=== (\n    FUNCTION = "public"."int_same",\n    LEFTARG = integer,\n'
        '    RIGHTARG = integer,\n    COMMUTATOR = OPERATOR("public".===),\n    NEGATOR = OPERATOR("ops".!==),\n'
        '    RESTRICT = "pg_catalog"."eqsel",\n    JOIN = "pg_catalog"."eqjoinsel",\n    HASHES,\n    MERGES\n)',
        "COMMENT ON OPERATOR \"public\".=== (integer, integer) IS 'it''s equal'",
    ]
    prefix = Operator("public", "##", None, "integer", QName("public", "twice"))
    assert _sql(ch.DropOperator(prefix)) == ['DROP OPERATOR "public".## (NONE, integer)']
    assert _sql(ch.AlterOperator(EQ, full)) == [
        'ALTER OPERATOR "public".=== (integer, integer) SET (RESTRICT = "pg_catalog"."eqsel", '
        'JOIN = "pg_catalog"."eqjoinsel")']
    assert _sql(ch.AlterOperator(full, EQ)) == [
        'ALTER OPERATOR "public".=== (integer, integer) SET (RESTRICT = NONE, JOIN = NONE)']


def test_diff_alters_estimators_in_place_and_recreates_for_the_rest():
    est = Operator("public", "===", "integer", "integer", QName("public", "int_same"),
                   restrict=QName("pg_catalog", "eqsel"), comment="c")
    cur, des = Database(operators=(EQ,)), Database(operators=(est,))
    assert diff(cur, des) == [ch.AlterOperator(EQ.__class__(**{**EQ.__dict__, "comment": "c"}), est),
                              ch.CommentOperator(est, None, "c")]
    other = Operator("public", "===", "integer", "integer", QName("public", "int_differ"))
    assert diff(cur, Database(operators=(other,))) == [ch.DropOperator(EQ, replaced=True), ch.CreateOperator(other)]
    assert diff(cur, Database()) == [ch.DropOperator(EQ)]
    assert [c.reverse() for c in diff(cur, des)] == [ch.AlterOperator(est, EQ.__class__(**{**EQ.__dict__, "comment": "c"})),
                                                     ch.CommentOperator(est, "c", None)]


def test_order_puts_the_operator_after_its_function_and_before_its_users():
    from schemaforge.model import Argument, Function, Index, IndexElement, Table, View

    fn = Function("public", "int_same", (Argument(None, "integer"), Argument(None, "integer")), "boolean",
                  body="SELECT $1 = $2")
    table = Table("public", "t", indexes=(Index("t_i", (IndexElement(None, "(a OPERATOR(public.===) 1)"),)),))
    view = View("public", "v", "SELECT 1 WHERE 1 OPERATOR(public.===) 1")
    desired = Database(schemas=(Schema("public"),), functions=(fn,), operators=(EQ,), tables=(table,), views=(view,))
    changes = diff(Database(schemas=(Schema("public"),)), desired)
    at = {type(c).__name__: i for i, c in enumerate(changes)}
    # edges, not the stages' tie-break: the index and view use OPERATOR(public.===)
    assert {(at["CreateFunction"], at["CreateOperator"]), (at["CreateOperator"], at["CreateIndex"]),
            (at["CreateOperator"], at["CreateView"])} <= set(edges(changes))
    up = order(changes)
    kinds = [type(c).__name__ for c in up]
    assert kinds.index("CreateFunction") < kinds.index("CreateOperator") < kinds.index("CreateIndex")
    assert kinds.index("CreateOperator") < kinds.index("CreateView")
    down = order([c.reverse() for c in diff(Database(schemas=(Schema("public"),)), desired)])
    kinds = [type(c).__name__ for c in down]
    assert kinds.index("DropIndex") < kinds.index("DropOperator") < kinds.index("DropFunction")
    assert kinds.index("DropView") < kinds.index("DropOperator")


def test_import_writes_operators_and_lists_operator_classes(project, db_url):
    run_sql(db_url, """
        CREATE FUNCTION int_same(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2';
        CREATE FUNCTION int_cmp(integer, integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT btint4cmp($1, $2)';
        CREATE OPERATOR === (FUNCTION = int_same, LEFTARG = integer, RIGHTARG = integer, COMMUTATOR = ===,
                             RESTRICT = eqsel, JOIN = eqjoinsel);
        COMMENT ON OPERATOR === (integer, integer) IS 'same';
        CREATE OPERATOR CLASS int_ops FOR TYPE integer USING btree AS OPERATOR 3 ===, FUNCTION 1 int_cmp(integer, integer);
    """)
    res = project.forge("import", "--out", "schema", "--force")
    assert res.exit_code == 0, res.output
    assert (project.root / "schema" / "_operators.yaml").read_text().split("\n", 1)[1] == textwrap.dedent("""\
        # Imported from the database by `forge import`.
        operators:
          ===:
            left: integer
            right: integer
            function: int_same
            commutator: ===
            restrict: eqsel
            join: eqjoinsel
            comment: same
        """)
    with psycopg.connect(db_url) as conn:
        assert unmanaged_objects(conn) == ["operator class public.int_ops using btree",
                                           "operator family public.int_ops using btree"]
    plan = project.forge("plan", "--format", "json")
    assert plan.exit_code == 0 and '"changes": []' in plan.stdout, plan.output


def test_extension_operators_are_never_read(db_url):
    from tests.pairs import inspect_url

    run_sql(db_url, "CREATE EXTENSION pg_trgm")
    assert inspect_url(db_url).operators == ()
