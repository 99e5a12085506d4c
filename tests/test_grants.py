"""Grants and default privileges end to end on a real server: inspect, import, plan, render.

Roles are cluster-wide: each test names its own (``gr_<test>_...``), created in a guarded DO
block, and never drops a role another test may use.
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg

from schemaforge.inspect import inspect_database

from .conftest import ok, query, run_sql
from .importcheck import import_is_noop, import_then_sync


def roles(url: str, *names: str) -> None:
    """Create each role unless it exists (another test, an earlier run)."""
    for n in names:
        lit = n.replace("'", "''")
        ident = '"' + n.replace('"', '""') + '"'
        run_sql(url, f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{lit}') THEN "
                     f"CREATE ROLE {ident} NOLOGIN; END IF; END $$")


KITCHEN = """
CREATE SCHEMA app;
GRANT USAGE ON SCHEMA app TO gr_k_read;
CREATE TABLE app.users (id int PRIMARY KEY, email text, secret text);
GRANT SELECT ON app.users TO gr_k_read;
GRANT SELECT (id, email), UPDATE (email) ON app.users TO gr_k_write;
GRANT ALL ON app.users TO gr_k_admin WITH GRANT OPTION;
CREATE VIEW app.v AS SELECT id FROM app.users;
GRANT SELECT ON app.v TO PUBLIC;
CREATE SEQUENCE app.s;
GRANT USAGE, SELECT ON SEQUENCE app.s TO gr_k_write;
CREATE FUNCTION app.f(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a';
REVOKE EXECUTE ON FUNCTION app.f(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.f(integer) TO gr_k_read;
CREATE FUNCTION app.g() RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE PROCEDURE app.p() LANGUAGE sql AS 'SELECT 1';
REVOKE ALL ON PROCEDURE app.p() FROM PUBLIC;
CREATE TYPE app.mood AS ENUM ('ok');
REVOKE USAGE ON TYPE app.mood FROM PUBLIC;
GRANT USAGE ON TYPE app.mood TO gr_k_read;
CREATE DOMAIN app.pos AS integer CHECK (VALUE > 0);
GRANT USAGE ON DOMAIN app.pos TO gr_k_write;
CREATE TYPE app.pair AS (a integer, b integer);
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO gr_k_read;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO gr_k_write WITH GRANT OPTION;
"""


def _acl(url: str, sql: str) -> list:
    return [r[0] for r in query(url, sql)]


def test_inspect_reads_acls_without_the_owner(db_url):
    roles(db_url, "gr_k_read", "gr_k_write", "gr_k_admin")
    run_sql(db_url, KITCHEN)
    with psycopg.connect(db_url) as conn:
        db = inspect_database(conn)
    t = db.table("app", "users")
    got = [(p.grantee, p.privilege, p.column, p.grant_option) for p in t.grants]
    assert got == [("gr_k_admin", "ALL", None, True), ("gr_k_read", "SELECT", None, False),
                   ("gr_k_write", "SELECT", "email", False), ("gr_k_write", "UPDATE", "email", False),
                   ("gr_k_write", "SELECT", "id", False)]
    f = {x.name: x.grants for x in db.functions}
    assert [(p.grantee, p.privilege) for p in f["f"]] == [("gr_k_read", "EXECUTE")]
    assert f["g"] is None  # PostgreSQL's default: EXECUTE to PUBLIC
    assert f["p"] == ()  # everything revoked, even PUBLIC's default
    pair = next(c for c in db.composite_types if c.name == "pair")
    assert pair.grants is None
    defaults = [(d.role is not None, d.schema, d.on, d.grantee, d.privilege, d.grant_option)
                for d in db.default_privileges]
    assert defaults == [(True, None, "sequences", "gr_k_write", "USAGE", True),
                        (True, "app", "tables", "gr_k_read", "SELECT", False)]


def test_import_then_plan_is_empty_and_sync_rebuilds_the_acls(project, make_db):
    roles(project.db_url, "gr_k_read", "gr_k_write", "gr_k_admin")
    run_sql(project.db_url, KITCHEN)
    imported = import_is_noop(project.db_url, project.root)
    users = (imported / "app" / "users.yaml").read_text()
    assert ("    grants:\n"
            "      - {to: gr_k_admin, privileges: [ALL], with_grant_option: true}\n"
            "      - {to: gr_k_read, privileges: [SELECT]}\n"
            "      - {to: gr_k_write, privileges: [SELECT, UPDATE], columns: [email]}\n"
            "      - {to: gr_k_write, privileges: [SELECT], columns: [id]}\n") in users
    procs = (imported / "app" / "_functions.yaml").read_text()
    assert "  p:\n    grants: []\n" in procs and "  g:\n    returns: integer\n    body: SELECT 1\n" in procs
    import_then_sync(project.db_url, make_db(), project.root / "work")


def test_a_grant_changes_by_the_fewest_statements(project):
    roles(project.db_url, "gr_m_a")
    project.schema("""
entities:
  Doc:
    columns: {id: {type: integer, primary: true}, body: {type: text}}
    grants:
      - {to: gr_m_a, privileges: [SELECT, INSERT]}
""")
    ok(project.forge("sync", "--force"))
    project.schema("""
entities:
  Doc:
    columns: {id: {type: integer, primary: true}, body: {type: text}}
    grants:
      - {to: gr_m_a, privileges: [SELECT, UPDATE], with_grant_option: true}
      - {to: gr_m_a, privileges: [UPDATE], columns: [body]}
""")
    plan = json.loads(ok(project.forge("plan", "--format", "json")).stdout)
    assert plan["up"] == [
        'REVOKE INSERT ON TABLE "public"."doc" FROM "gr_m_a"',
        'GRANT SELECT, UPDATE ON TABLE "public"."doc" TO "gr_m_a" WITH GRANT OPTION',
        'GRANT UPDATE ("body") ON TABLE "public"."doc" TO "gr_m_a"',
    ]
    assert plan["down"] == [
        'REVOKE UPDATE ("body") ON TABLE "public"."doc" FROM "gr_m_a"',
        'REVOKE UPDATE ON TABLE "public"."doc" FROM "gr_m_a"',
        'GRANT INSERT ON TABLE "public"."doc" TO "gr_m_a"',
        'REVOKE GRANT OPTION FOR SELECT ON TABLE "public"."doc" FROM "gr_m_a"',
    ]


def test_validate_names_a_privilege_the_kind_lacks_at_its_position(offline_project):
    offline_project.schema("""
entities:
  Doc:
    columns: {id: {type: integer}, body: {type: text}}
    grants:
      - {to: gr_v, privileges: [SELECT, EXECUTE]}
      - {to: gr_v, privileges: [DELETE], columns: [body]}
      - {to: gr_v, privileges: [SELECT], columns: [bdy]}
functions:
  f:
    returns: integer
    body: SELECT 1
    grants: [{to: gr_v, privileges: [SELECT]}]
""")
    res = offline_project.forge("validate")
    assert res.exit_code == 1
    lines = [line for line in res.stderr.splitlines() if ": error: " in line]
    assert lines == [
        "schema/app.yaml:5:41: error: 'EXECUTE' is not a privilege of a table",
        "schema/app.yaml:6:33: error: 'DELETE' is not a privilege of a column",
        "schema/app.yaml:7:52: error: column 'bdy' is not a column of this table",
        "schema/app.yaml:12:38: error: 'SELECT' is not a privilege of a function",
    ]
    assert "hint: a column can be granted SELECT, INSERT, UPDATE, REFERENCES or ALL" in res.stderr
    assert "(did you mean 'body'?)" in res.stderr


def test_a_role_the_target_lacks_is_an_error_naming_it_and_its_users(project):
    project.schema("""
entities:
  Doc:
    columns: {id: {type: integer}}
    grants: [{to: gr_nobody_here, privileges: [SELECT]}]
""")
    res = project.forge("plan")
    assert res.exit_code == 1
    assert "1 role the YAML grants to does not exist on the target's server:\n  'gr_nobody_here': table public.doc" \
        in res.stderr
    assert "plans never create roles" in res.stderr
    assert query(project.db_url, "SELECT count(*) FROM pg_roles WHERE rolname = 'gr_nobody_here'") == [(0,)]


def test_a_renamed_table_and_column_keep_their_grants(project):
    roles(project.db_url, "gr_ren")
    base = """
entities:
  Doc:
    columns: {id: {type: integer}, body: {type: text}}
    grants:
      - {to: gr_ren, privileges: [SELECT]}
      - {to: gr_ren, privileges: [UPDATE], columns: [body]}
"""
    project.schema(base)
    ok(project.forge("sync", "--force"))
    project.schema(base.replace("  Doc:\n", "  Note:\n    renamed_from: doc\n")
                   .replace("body: {type: text}", "text: {type: text, renamed_from: body}")
                   .replace("columns: [body]", "columns: [text]"))
    plan = json.loads(ok(project.forge("plan", "--format", "json")).stdout)
    assert plan["up"][:2] == ['ALTER TABLE "public"."doc" RENAME TO "note"',
                              'ALTER TABLE "public"."note" RENAME COLUMN "body" TO "text"']
    assert [s for s in plan["up"] + plan["down"] if "GRANT" in s or "REVOKE" in s] == []
    ok(project.forge("sync", "--force"))
    assert query(project.db_url, "SELECT has_table_privilege('gr_ren', 'public.note', 'SELECT'), "
                                 "has_column_privilege('gr_ren', 'public.note', 'text', 'UPDATE')") == [(True, True)]
    assert json.loads(ok(project.forge("plan", "--format", "json")).stdout)["changes"] == []


def test_roles_used_is_sorted_without_public():
    from schemaforge.model import Database, DefaultPrivilege, Privilege, Table
    from schemaforge.roles import roles_used, users_of

    db = Database(tables=(Table("s", "t", grants=(Privilege("zed", "SELECT"), Privilege("PUBLIC", "SELECT"),
                                                  Privilege("amy", "UPDATE", "c"))),),
                  default_privileges=(DefaultPrivilege("owner", "s", "tables", "bob", "SELECT"),))
    assert roles_used(db) == ("amy", "bob", "owner", "zed")
    assert users_of(db, "bob") == ["default_privileges (for_role owner, in_schema s)"]


def test_stand_ins_are_made_only_for_missing_roles(db_url):
    from schemaforge.model import Database, Privilege, Schema
    from schemaforge.roles import create_stand_ins

    roles(db_url, "gr_si_have")
    name = f"gr_si_{Path(db_url.split('dbname=')[1].split()[0]).name}"  # unique per test database
    db = Database(schemas=(Schema("x", grants=(Privilege("gr_si_have", "USAGE"), Privilege(name, "USAGE"))),))
    with psycopg.connect(db_url, autocommit=True) as conn:
        assert create_stand_ins(conn, db) == [name]
        assert create_stand_ins(conn, db) == []
    assert query(db_url, f"SELECT rolcanlogin FROM pg_roles WHERE rolname = '{name}'") == [(False,)]
