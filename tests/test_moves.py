"""``moved_from:`` on kinds other than tables, through forge and the YAML: what a structural
comparison cannot see stays (a sequence's last value, a view's grants), the down moves back,
and a hint that is already done, or names the same schema, says what it should.

(Each kind's structure, up and down, is in ``tests/corpus/set_schema/``: test_set_schema.py.)
"""

from __future__ import annotations

from tests.conftest import ok, query, run_sql

PYPROJECT = '[tool.schemaforge]\nmanaged_schemas = ["app", "public"]\n'
ROLE = ('DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation '
        "THEN NULL; END $$;")
CURRENT = (ROLE + "CREATE SCHEMA app; CREATE SEQUENCE ticket; SELECT setval('ticket', 41);"
           "GRANT USAGE ON SEQUENCE ticket TO mv_reader;"
           "CREATE TABLE t (id bigint PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'kept');"
           "CREATE VIEW names AS SELECT name FROM t; GRANT SELECT ON names TO mv_reader;"
           "CREATE VIEW upper_names AS SELECT upper(name) AS u FROM names;"
           "COMMENT ON VIEW names IS 'the names';")
YAML = """\
schema: public
sequences:
  ticket:
    schema: app
    moved_from: public
    grants:
      - { to: mv_reader, privileges: [usage] }
entities:
  T:
    columns:
      id: { type: bigint, primary: true }
      name: { type: text, nullable: true }
views:
  names:
    schema: app
    moved_from: public
    sql: SELECT name FROM t
    comment: the names
    grants:
      - { to: mv_reader, privileges: [select] }
  upper_names:
    sql: SELECT upper(name) AS u FROM app.names
"""


def _acl(url: str, regclass: str) -> list:
    return query(url, f"SELECT relacl::text FROM pg_class WHERE oid = '{regclass}'::regclass")


def test_moved_sequence_and_view_keep_value_grants_and_dependents(project):
    url = project.db_url
    run_sql(url, CURRENT)
    oid = query(url, "SELECT 'upper_names'::regclass::oid")
    acl = _acl(url, "names")
    project.write("pyproject.toml", PYPROJECT)
    project.schema(YAML)
    out = ok(project.forge("plan")).output
    assert 'ALTER SEQUENCE "public"."ticket" SET SCHEMA "app";' in out, out
    assert 'ALTER VIEW "public"."names" SET SCHEMA "app";' in out, out
    assert "DROP" not in out and "CREATE" not in out and "GRANT" not in out, out
    ok(project.forge("generate", "move"))
    ok(project.forge("apply"))
    assert query(url, "SELECT nextval('app.ticket')") == [(42,)]
    assert _acl(url, "app.names") == acl
    assert query(url, "SELECT u FROM upper_names") == [("KEPT",)]
    assert query(url, "SELECT 'upper_names'::regclass::oid") == oid  # the view over it was not recreated
    assert query(url, "SELECT obj_description('app.names'::regclass)") == [("the names",)]
    assert "No changes" in ok(project.forge("plan")).output  # a fixpoint: the hint is done
    ok(project.forge("rollback", "--steps", "1"))
    assert query(url, "SELECT nextval('public.ticket')") == [(43,)]
    assert _acl(url, "public.names") == acl
    assert query(url, "SELECT 'upper_names'::regclass::oid") == oid
    assert query(url, "SELECT count(*) FROM pg_class WHERE relnamespace = 'app'::regnamespace") == [(0,)]


def test_a_hint_whose_object_is_in_neither_schema_creates_it(project):
    project.write("pyproject.toml", PYPROJECT)
    project.schema("schema: app\nsequences:\n  ticket:\n    moved_from: public\n")
    out = ok(project.forge("plan")).output
    assert 'CREATE SEQUENCE "app"."ticket"' in out and "SET SCHEMA" not in out, out


def test_moved_from_its_own_schema_is_a_located_error(project):
    project.write("pyproject.toml", PYPROJECT)
    project.schema("schema: app\nviews:\n  v:\n    moved_from: app\n    sql: SELECT 1 AS one\n"
                   "functions:\n  f:\n    moved_from: pg_catalog\n    returns: integer\n    body: SELECT 1\n"
                   "entities:\n  T:\n    moved_from: ''\n    columns:\n      id: { type: bigint }\n")
    r = project.forge("plan")
    assert r.exit_code != 0
    assert ":4:17: error: view 'v': moved_from names its own schema 'app'" in r.output, r.output
    assert ":8:17: error: function 'f': moved_from names a system schema" in r.output, r.output
    assert ":13:17: error: table 'T': moved_from must be a schema name" in r.output, r.output


def test_the_rewrite_names_a_moved_object_only_where_catalog_text_does():
    """A moved function is rewritten only where called, a moved relation or type only where
    not called; bodies, comments, trigger arguments and other names keep their text."""
    from schemaforge.diff.object_moves import rewritten
    from schemaforge.model import Column, Database, Function, QName, Table, Trigger, View

    trig = Trigger("tr", "before", ("update",), QName("public", "f"), arguments=("public.f",))
    db = Database(
        tables=(Table("public", "t", columns=(Column("a", "public.f", default="public.f()"),
                                               Column("b", "text", default="public.ff()")), triggers=(trig,)),),
        views=(View("public", "v", "SELECT public.f(1) AS x FROM public.f", comment="public.f()"),),
        functions=(Function("public", "g", returns="integer", body="SELECT public.f()"),),
    )
    moved = rewritten(db, {QName("public", "f"): QName("app", "f")}, calls=True)
    t = moved.tables[0]
    assert [c.default for c in t.columns] == ["app.f()", "public.ff()"] and t.columns[0].type == "public.f"
    assert t.triggers[0].function == QName("app", "f") and t.triggers[0].arguments == ("public.f",)
    assert moved.views[0].definition == "SELECT app.f(1) AS x FROM public.f" and moved.views[0].comment == "public.f()"
    assert moved.functions[0].body == "SELECT public.f()"
    as_type = rewritten(db, {QName("public", "f"): QName("app", "f")})
    assert as_type.tables[0].columns[0].type == "app.f" and as_type.tables[0].columns[0].default == "public.f()"
    assert as_type.tables[0].triggers[0].function == QName("public", "f")
    assert as_type.views[0].definition == "SELECT public.f(1) AS x FROM app.f"
