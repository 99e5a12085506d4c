"""Row-level security and policies: YAML checks at their line, the diff on models alone, and
the story through ``forge`` (sync, rename, down) on a real database.

Roles are cluster-wide: each test that needs one creates it under a name of its own (a DO
block, so a rerun finds it) and never drops a role another test may use.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from schemaforge import changes as ch
from schemaforge.diff import diff
from schemaforge.model import Column, Database, Enum, Function, Policy, QName, Schema, Table
from schemaforge.order import edges, order
from tests.conftest import ok, pg_dump_schema, plan_json, query, run_sql, sync
from tests.pairs import execute_steps, inspect_url

DOC = QName("public", "doc")


def doc(*policies: Policy, **fields) -> Table:
    cols = (Column("id", "integer", nullable=False), Column("owner", "text"), Column("level", "integer"))
    return Table("public", "doc", columns=fields.pop("columns", cols), policies=policies, **fields)


def db(*tables: Table, **fields) -> Database:
    return Database(schemas=(Schema("public"),), tables=tables, **fields).sorted()


def kinds(changes) -> list[str]:
    return [c.kind for c in changes]


# --- the diff on models alone ---------------------------------------------------------------

OWNER = Policy("p", using="(owner = CURRENT_USER)")


def test_identical_policies_have_no_changes():
    assert diff(db(doc(OWNER, rls_enabled=True)), db(doc(OWNER, rls_enabled=True))) == []


def test_new_roles_and_expressions_are_one_alter_policy():
    new = Policy("p", roles=("app", "auditor"), using="(owner = 'x'::text)")
    out = diff(db(doc(OWNER)), db(doc(new)))
    assert out == [ch.AlterPolicy(DOC, OWNER, new, ("owner",), ("owner",))]
    assert out[0].describe() == "alter policy p on public.doc (roles, using)"


@pytest.mark.parametrize("new", [
    Policy("p", command="select", using="(owner = CURRENT_USER)"),
    Policy("p", permissive=False, using="(owner = CURRENT_USER)"),
    Policy("p", using="(owner = CURRENT_USER)", with_check="(level > 0)"),  # a clause ALTER could add, not remove
], ids=["command", "restrictive", "gains_with_check"])
def test_what_alter_policy_cannot_say_is_a_drop_and_a_create(new):
    assert kinds(diff(db(doc(OWNER)), db(doc(new)))) == ["drop_policy", "create_policy"]


def test_comment_alone_is_a_comment_change():
    out = diff(db(doc(OWNER)), db(doc(Policy("p", using=OWNER.using, comment="mine"))))
    assert out == [ch.CommentPolicy(DOC, "p", None, "mine")]


def test_enabling_row_security_is_a_hazard_on_an_existing_table_only():
    out = diff(db(doc()), db(doc(rls_enabled=True, rls_forced=True)))
    assert [(c.kind, [h.code for h in c.hazards()]) for c in out] == [
        ("enable_row_security", ["SF510"]), ("force_row_security", ["SF510"])]
    created = diff(db(), db(doc(OWNER, rls_enabled=True)))
    assert [(c.kind, c.hazards()) for c in created if not isinstance(c, ch.CreateTable)] == [
        ("create_policy", ()), ("enable_row_security", ())]


def test_row_security_is_enabled_after_the_policies_and_disabled_before_they_go():
    up = order(diff(db(doc()), db(doc(OWNER, Policy("q", using="true"), rls_enabled=True))))
    assert kinds(up) == ["create_policy", "create_policy", "enable_row_security"]
    down = order(diff(db(doc(OWNER, rls_enabled=True)), db(doc())))
    assert kinds(down) == ["disable_row_security", "drop_policy"]


def test_a_policy_is_dropped_before_a_column_it_names_and_not_for_another():
    cols = (Column("id", "integer", nullable=False), Column("owner", "text"))
    changes = diff(db(doc(OWNER, Policy("lv", using="(level > 0)"))), db(doc(OWNER, columns=cols)))
    assert [(c.kind, getattr(c, "policy", None) and c.policy.name) for c in changes] == [
        ("drop_column", None), ("drop_policy", "lv")]
    assert changes[1].columns == ("level",)
    assert edges(changes) == [(1, 0)]  # a reason, not the stages' tie-break
    assert kinds(order(changes)) == ["drop_policy", "drop_column"]


def test_a_policy_is_recreated_around_a_type_change_of_a_column_it_names():
    retyped = (Column("id", "integer", nullable=False), Column("owner", "text"), Column("level", "bigint"))
    lv = Policy("lv", using="(level > 0)")
    out = order(diff(db(doc(OWNER, lv)), db(doc(OWNER, lv, columns=retyped))))
    assert kinds(out) == ["drop_policy", "alter_column", "create_policy"]


def test_a_policy_is_recreated_around_the_column_conversion_of_a_recreated_enum():
    cols = (Column("id", "integer", nullable=False), Column("l", "public.lvl"))
    lows = Policy("lows", using="(l IS NOT NULL)")  # text naming no type: the column's table orders it
    before = db(doc(lows, columns=cols), enums=(Enum("public", "lvl", ("low", "mid", "high")),))
    after = db(doc(lows, columns=cols), enums=(Enum("public", "lvl", ("low", "high")),))
    changes = diff(before, after)
    assert kinds(changes) == ["recreate_enum", "drop_policy", "create_policy"]
    assert {(0, 2), (1, 0)} <= set(edges(changes))  # by keys: dropped before the conversion, created after


def test_a_policy_is_recreated_around_a_function_it_calls_that_is_recreated():
    old_fn = Function("public", "tenant", (), "text", "sql", "SELECT 'a'")
    from schemaforge.model import Argument
    new_fn = Function("public", "tenant", (Argument("x", "text", "in", "''::text"),), "text", "sql", "SELECT x")
    p = Policy("t", using="(owner = public.tenant())")
    out = order(diff(db(doc(p), functions=(old_fn,)), db(doc(p), functions=(new_fn,))))
    assert kinds(out) == ["drop_policy", "drop_function", "create_function", "create_policy"]


def test_policies_follow_a_renamed_table_and_column():
    renamed = Table("public", "paper", renamed_from="doc",
                    columns=(Column("id", "integer", nullable=False), Column("author", "text", renamed_from="owner"),
                             Column("level", "integer")),
                    policies=(Policy("p", using="(author = CURRENT_USER)"),), rls_enabled=True)
    out = diff(db(doc(OWNER, rls_enabled=True)), db(renamed))
    assert kinds(out) == ["rename_table", "rename_column"]


def test_on_a_renamed_table_drops_go_before_the_rename_and_the_rest_after():
    q = Policy("q", using="true")
    renamed = replace(doc(Policy("p", using=OWNER.using, comment="new"), rls_enabled=True), name="paper",
                      renamed_from="doc")
    changes = order(diff(db(doc(OWNER, q)), db(renamed)))
    paper = QName("public", "paper")
    assert [(c.kind, getattr(c, "table", None)) for c in changes] == [
        ("drop_policy", DOC), ("rename_table", None), ("comment_policy", paper), ("enable_row_security", paper)]


def test_renamed_from_renames_the_policy():
    out = diff(db(doc(OWNER)), db(doc(Policy("owner_rows", using=OWNER.using, renamed_from="p"))))
    assert out == [ch.RenamePolicy(DOC, "p", "owner_rows")]
    assert out[0].reverse() == ch.RenamePolicy(DOC, "owner_rows", "p")


# --- YAML: refused at the line, with how to fix it ------------------------------------------

BAD = """\
entities:
  Doc:
    columns:
      id: { type: integer, primary: true }
      owner: { type: text }
    policies:
      - name: reads
        command: SELECT
        using: owner = current_user
        with_check: owner = current_user
      - name: adds
        command: insert
        using: owner = current_user
      - name: many
        roles: [PUBLIC, app]
      - name: hostile
        using: "true); DROP TABLE doc; --"
      - name: reads
"""


def test_yaml_mistakes_are_located_and_say_how_to_fix(offline_project):
    offline_project.schema(BAD)
    res = offline_project.forge("validate")
    assert res.exit_code != 0
    out = " ".join(res.output.split())
    for where, message in [
        ("schema/app.yaml:10:9", "policy 'reads': a SELECT policy has no WITH CHECK"),
        ("schema/app.yaml:13:9", "policy 'adds': an INSERT policy has no USING"),
        ("schema/app.yaml:15:16", "policy 'many': PUBLIC already means every role"),
        ("schema/app.yaml:17:16", "policy 'hostile': using 'true); DROP TABLE doc; --' is not accepted"),
        ("schema/app.yaml:18:15", "policy 'reads' is declared twice on this entity"),
    ]:
        assert f"{where}" in out and message in out, (where, message, res.output)
    assert "write the condition as with_check" in out and "Traceback" not in res.output


# --- through forge, on a real database ------------------------------------------------------

def _role(db_url: str) -> str:
    name = f"forge_rls_{uuid.uuid4().hex[:8]}"
    run_sql(db_url, f"DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') "
                    f"THEN CREATE ROLE {name} NOLOGIN; END IF; END$$")
    return name


V1 = """\
functions:
  tenant:
    returns: text
    language: sql
    volatility: stable
    body: SELECT current_setting('app.tenant', true)
entities:
  Doc:
    columns:
      id: { type: integer, primary: true }
      owner: { type: varchar(20) }
    rls: { enabled: true }
    policies:
      - name: tenant_rows
        roles: [ROLE]
        using: owner IN ('a', 'b') OR owner = tenant()
        with_check: owner = tenant()
        comment: one tenant's rows
      - { name: no_deletes, command: delete, as: restrictive, using: "false" }
"""

V2 = (V1.replace("Doc:\n", "Paper:\n    renamed_from: doc\n")
      .replace("owner: { type: varchar(20) }", "author: { type: varchar(20), renamed_from: owner }")
      .replace("owner", "author").replace("renamed_from: author", "renamed_from: owner")
      .replace("- name: tenant_rows", "- name: tenant_only\n        renamed_from: tenant_rows"))


def test_sync_is_a_fixpoint_and_renames_carry_the_policies(project):
    role = _role(project.db_url)
    project.schema(V1.replace("ROLE", role))
    sync(project)
    assert plan_json(project)["changes"] == []
    assert query(project.db_url, "SELECT polname::text, polcmd::text, polpermissive, polroles::regrole[]::text[] "
                                 "FROM pg_policy ORDER BY 1") == [
        ("no_deletes", "d", False, ["-"]), ("tenant_rows", "*", True, [role])]
    assert query(project.db_url, "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = 'doc'") == [
        (True, False)]
    before, dump_before = inspect_url(project.db_url), pg_dump_schema(project.db_url)
    project.schema(V2.replace("ROLE", role))
    doc_ = plan_json(project)
    said = [f"{c['symbol']} {c['description']}" for c in doc_["changes"]]
    # the constraint names derived from the table's name follow it (and on 18 the NOT NULL names)
    assert [s for s in said if not s.startswith(("~ rename constraint ", "~ rename not-null"))] == [
        "~ rename table public.doc to paper", "~ rename column owner to author",
        "~ rename policy tenant_rows on public.paper to tenant_only"], doc_["up"]
    sync(project)
    assert plan_json(project)["changes"] == []
    execute_steps(project.db_url, doc_["down_steps"])
    assert inspect_url(project.db_url) == before
    assert pg_dump_schema(project.db_url) == dump_before


def test_policies_dropped_and_changed_on_a_renamed_table(project):
    role = _role(project.db_url)
    project.schema(V1.replace("ROLE", role))
    sync(project)
    before, dump_before = inspect_url(project.db_url), pg_dump_schema(project.db_url)
    v3 = (V2.replace("ROLE", role).replace("comment: one tenant's rows", "comment: renamed")
          .replace('      - { name: no_deletes, command: delete, as: restrictive, using: "false" }\n', ""))
    project.schema(v3)
    plan = plan_json(project)
    said = [f"{c['symbol']} {c['description']}" for c in plan["changes"]]
    assert [s for s in said if "polic" in s or "rename table" in s] == [
        "- drop policy no_deletes on public.doc", "~ rename table public.doc to paper",
        "~ rename policy tenant_rows on public.paper to tenant_only",
        "~ set comment on policy tenant_only on public.paper"], plan["up"]
    sync(project)
    assert plan_json(project)["changes"] == []
    execute_steps(project.db_url, plan["down_steps"])
    assert inspect_url(project.db_url) == before
    assert pg_dump_schema(project.db_url) == dump_before


def test_enabling_row_security_is_called_out_in_the_plan(project):
    project.schema(V1.replace("ROLE", _role(project.db_url)).replace("rls: { enabled: true }", "rls: { enabled: false }"))
    sync(project)
    project.schema(V1.replace("ROLE", "pg_monitor").replace("rls: { enabled: true }", "rls: { enabled: true, force: true }"))
    lines = ok(project.forge("plan")).output.splitlines()
    assert lines[lines.index("table public.doc"):lines.index("table public.doc") + 7] == [
        "table public.doc",
        "  ~ alter policy tenant_rows on public.doc (roles)  [ACCESS EXCLUSIVE]",
        "  + enable row level security on public.doc  [ACCESS EXCLUSIVE]",
        "    ! enabling row level security on public.doc hides every row from roles no policy admits "
        "(the table owner aside)",
        "  + force row level security on public.doc  [ACCESS EXCLUSIVE]",
        "    ! forcing row level security on public.doc applies its policies to the table owner too",
        ""]
    codes = [[h["code"] for h in c["hazards"]] for c in plan_json(project)["changes"]]
    assert codes == [[], ["SF510"], ["SF510"]]
