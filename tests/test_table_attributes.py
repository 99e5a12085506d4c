"""Table attributes (docs/table-attributes.md): NOT VALID constraints, UNLOGGED, replica
identity, storage parameters, CLUSTER ON and plain inheritance — YAML to plan, import back,
and the validation of each key at its file:line:col."""

from __future__ import annotations

from schemaforge.changes import SetConstraintValid, SetLogged, SetStorage
from schemaforge.model import Check, QName
from schemaforge.render import render_change
from tests.conftest import ok, query, run_sql
from tests.importcheck import import_is_noop

T = QName("public", "t")

ORDERS = """
entities:
  Order:
    columns:
      id: { type: bigint, primary: true }
      code: { type: text }
      qty: { type: integer, nullable: true }
    indexes:
      - { name: order_code, columns: [code], unique: true }
"""


def plan_sql(project) -> list[str]:
    return [line for line in ok(project.forge("plan", "--format", "sql")).stdout.splitlines()
            if line and not line.startswith("--")]


def test_a_new_table_gets_every_attribute_in_the_plan(project):
    project.schema(ORDERS + """
    unlogged: true
    with: { fillfactor: 70, autovacuum_enabled: false }
    replica_identity: { index: order_code }
    cluster_on: order_code
    checks:
      qty_positive: { expression: qty > 0, valid: false }
""")
    assert plan_sql(project) == [
        'CREATE UNLOGGED TABLE "public"."order" (',
        '  "id" bigint NOT NULL,',
        '  "code" text NOT NULL,',
        '  "qty" integer,',
        '  CONSTRAINT "order_pkey" PRIMARY KEY ("id")',
        ') WITH ("autovacuum_enabled" = false, "fillfactor" = 70);',
        'ALTER TABLE "public"."order" ADD CONSTRAINT "qty_positive" CHECK ((qty > 0)) NOT VALID;',
        'CREATE UNIQUE INDEX "order_code" ON "public"."order" ("code");',
        'ALTER TABLE "public"."order" REPLICA IDENTITY USING INDEX "order_code";',
        'ALTER TABLE "public"."order" CLUSTER ON "order_code";',
    ]
    ok(project.forge("sync"))
    assert query(project.db_url, "SELECT relpersistence, relreplident, reloptions::text FROM pg_class "
                 "WHERE relname = 'order'") == [("u", "i", "{autovacuum_enabled=false,fillfactor=70}")]
    assert query(project.db_url, "SELECT convalidated FROM pg_constraint WHERE conname = 'qty_positive'") == [(False,)]
    assert plan_sql(project) == []


def test_a_not_valid_check_stays_not_valid_and_is_validated_only_when_the_yaml_says_so(project):
    project.schema(ORDERS)
    ok(project.forge("sync"))
    project.schema(ORDERS + "    checks:\n      qty_positive: { expression: qty > 0, valid: false }\n")
    up = plan_sql(project)
    # the online form would add it NOT VALID and validate it next: valid: false keeps it so
    assert up == ['ALTER TABLE "public"."order" ADD CONSTRAINT "qty_positive" CHECK ((qty > 0)) NOT VALID;']
    ok(project.forge("sync"))
    assert plan_sql(project) == []  # an existing NOT VALID constraint is no false diff
    project.schema(ORDERS + "    checks:\n      qty_positive: { expression: qty > 0 }\n")
    assert plan_sql(project) == ['ALTER TABLE "public"."order" VALIDATE CONSTRAINT "qty_positive";']


def test_validating_is_undone_by_adding_the_constraint_back_not_valid():
    valid = Check("qty_positive", "(qty > 0)")
    up = SetConstraintValid(T, valid)
    assert render_change(up) == ['ALTER TABLE "public"."t" VALIDATE CONSTRAINT "qty_positive"']
    assert [h.code for h in up.hazards()] == ["SF404"]
    assert render_change(up.reverse()) == [
        'ALTER TABLE "public"."t" DROP CONSTRAINT "qty_positive"',
        'ALTER TABLE "public"."t" ADD CONSTRAINT "qty_positive" CHECK ((qty > 0)) NOT VALID',
    ]


def test_storage_parameters_are_reset_and_set_in_one_statement_in_sorted_order():
    change = SetStorage(T, (("autovacuum_vacuum_scale_factor", "0.2"), ("fillfactor", "70")),
                        (("autovacuum_enabled", "false"), ("fillfactor", "80")))
    assert render_change(change) == [
        'ALTER TABLE "public"."t" RESET ("autovacuum_vacuum_scale_factor", "fillfactor"), '
        'SET ("autovacuum_enabled" = false, "fillfactor" = 80)']
    assert render_change(SetStorage(T, (("fillfactor", "70"),), ())) == ['ALTER TABLE "public"."t" RESET ("fillfactor")']


def test_set_logged_warns_of_the_rewrite():
    (hazard,) = SetLogged(T, True).hazards()
    assert (hazard.code, hazard.kind) == ("SF206", "table_rewrite")
    assert render_change(SetLogged(T, False)) == ['ALTER TABLE "public"."t" SET LOGGED']


def test_import_writes_every_attribute_and_plans_nothing(project):
    run_sql(project.db_url, """
        CREATE TABLE parent (id int NOT NULL, created date, CONSTRAINT created_recent CHECK (created > '2000-01-01'));
        CREATE UNLOGGED TABLE child (extra text, code text NOT NULL) INHERITS (parent)
          WITH (fillfactor = 60, autovacuum_vacuum_scale_factor = 0.05);
        CREATE UNIQUE INDEX child_code ON child (code);
        ALTER TABLE child CLUSTER ON child_code;
        ALTER TABLE child REPLICA IDENTITY USING INDEX child_code;
        ALTER TABLE parent REPLICA IDENTITY FULL;
        ALTER TABLE child ADD CONSTRAINT extra_set CHECK (extra <> '') NOT VALID;
        CREATE TABLE ref (id int PRIMARY KEY);
        ALTER TABLE parent ADD CONSTRAINT parent_ref FOREIGN KEY (id) REFERENCES ref (id) NOT VALID;
    """)
    imported = import_is_noop(project.db_url, project.root)
    child = (imported / "child.yaml").read_text()
    parent = (imported / "parent.yaml").read_text()
    assert "\n      id:" not in child and "created:" not in child  # inherited columns are the parent's
    assert "created_recent" not in child  # so are inherited checks
    for line in ("inherits: [Parent]", "unlogged: true", "replica_identity: {index: child_code}",
                 "with: {autovacuum_vacuum_scale_factor: '0.05', fillfactor: 60}", "cluster_on: child_code",
                 "extra_set: {expression: (extra <> ''::text), valid: false}"):
        assert line in child, child
    assert "replica_identity: full" in parent
    assert "valid: false" in parent.split("foreign_keys:")[1], parent


def test_each_attribute_mistake_is_reported_at_its_line(offline_project):
    offline_project.schema("""
entities:
  Base:
    columns:
      id: { type: bigint }
    partition_by: RANGE (id)
    checks:
      positive: { expression: id > 0, valid: false }
  Plain:
    columns:
      id: { type: bigint }
  Child:
    inherits: [Plain, Nowhere, Base]
    columns:
      id: { type: bigint }
    with: { fillfactor: "70); DROP TABLE x; --", fill_factor: 70 }
    cluster_on: no_such_index
""")
    res = offline_project.forge("validate")
    assert res.exit_code != 0
    lines = [line for line in res.output.splitlines() if "error:" in line]
    assert lines == [
        "schema/app.yaml:7:39: error: check 'positive' of partitioned entity 'Base' cannot be NOT VALID",
        "schema/app.yaml:12:23: error: entity 'Child' inherits unknown entity 'Nowhere'",
        "schema/app.yaml:12:32: error: entity 'Child' cannot inherit partitioned table or partition 'Base'",
        "schema/app.yaml:15:25: error: table storage parameter value '70); DROP TABLE x; --' is not accepted: "
        "it is not a single number, word or quoted string",
        "schema/app.yaml:15:50: error: unknown table storage parameter 'fill_factor'",
    ], res.output


def test_cluster_on_and_replica_identity_must_name_an_index_of_the_table(offline_project):
    offline_project.schema(ORDERS + "    cluster_on: order_cod\n    replica_identity: { index: order_pkey }\n")
    res = offline_project.forge("validate")
    assert res.exit_code != 0
    assert ("schema/app.yaml:9:17: error: cluster_on of entity 'Order' names index 'order_cod', which this table "
            "does not have") in res.output, res.output
    assert "hint: name one of its indexes or keys: order_code, order_pkey" in res.output
    assert "replica_identity of entity 'Order'" not in res.output


def test_detaching_a_child_makes_its_inherited_columns_its_own(make_db):
    """NO INHERIT: the columns the child only inherited become its own, so a YAML that no
    longer inherits lists them. Its down re-attaches the table; the columns stay its own
    copies (PostgreSQL cannot make a column inherited-only again: docs/table-attributes.md)."""
    from schemaforge.planner import build_plan
    from tests.pairs import execute_steps, inspect_url

    cur, des = make_db(), make_db()
    run_sql(cur, "CREATE TABLE parent (id int NOT NULL, created date); CREATE TABLE child (extra text) INHERITS (parent);")
    run_sql(des, "CREATE TABLE parent (id int NOT NULL, created date); CREATE TABLE child (id int NOT NULL, extra text);")
    current, desired = inspect_url(cur), inspect_url(des)
    plan = build_plan(current, desired)
    renamed = ['ALTER TABLE "public"."child" RENAME CONSTRAINT "parent_id_not_null" TO "child_id_not_null"'] \
        if desired.named_not_nulls else []
    assert list(plan.up) == ['ALTER TABLE "public"."child" NO INHERIT "public"."parent"', *renamed,
                       'ALTER TABLE "public"."child" DROP COLUMN "created"']
    execute_steps(cur, plan.up_steps)
    assert inspect_url(cur) == desired
    execute_steps(cur, plan.down_steps)
    back = inspect_url(cur)
    assert back.table("public", "child").inherits == (QName("public", "parent"),)
    assert [c.name for c in back.table("public", "child").columns] == ["id", "extra", "created"]  # all its own


def test_only_validity_changed_is_validated_in_place_not_recreated():
    from schemaforge.diff import diff
    from schemaforge.model import Column, Database, Table

    def db(valid: bool, **attrs) -> Database:
        t = Table("public", "t", (Column("qty", "integer"),), checks=(Check("qty_positive", "(qty > 0)", valid=valid),),
                  **attrs)
        return Database(tables=(t,))

    changes = diff(db(False), db(True))
    assert changes == [SetConstraintValid(T, Check("qty_positive", "(qty > 0)"))]
    changes = diff(db(True), db(True, unlogged=True, cluster_on=None, storage=(("fillfactor", "70"),)))
    assert changes == [SetLogged(T, True), SetStorage(T, (), (("fillfactor", "70"),))]
