"""YAML -> model: relation expansion, default names, literals, enum qualification."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from schemaforge.entities import load_schema
from schemaforge.entities.build import action, sql_literal
from schemaforge.entities.index import snake_case
from schemaforge.model import Identity, IndexElement, QName


def build(tmp_path: Path, text: str, default_schema: str = "public"):
    d = tmp_path / "schema"
    d.mkdir(exist_ok=True)
    (d / "app.yaml").write_text(textwrap.dedent(text).lstrip("\n"))
    return load_schema(d, default_schema)


SPEC_EXAMPLE = """
extensions: [citext]
enums:
  post_status: [draft, published, archived]
entities:
  User:
    table: users
    comment: Registered accounts
    columns:
      id:           { type: bigint, primary: true, identity: always }
      email:        { type: citext, unique: true }
      display_name: { type: varchar(120), nullable: true, renamed_from: name }
      is_admin:     { type: boolean, default: false }
      created_at:   { type: timestamptz, default_sql: now() }
      balance:      { type: "numeric(12,2)", default: 0 }
    indexes:
      - { columns: [created_at] }
      - { name: users_email_lower_idx, expressions: ["lower(email)"], unique: true, method: btree }
    checks:
      email_has_at: "position('@' in email) > 1"
    unique:
      - [display_name, created_at]
  Post:
    columns:
      id:          { type: uuid, primary: true, default_sql: gen_random_uuid() }
      title:       { type: varchar(200) }
      status:      { type: post_status, default: draft }
    relations:
      author: { type: many-to-one, target: User, on_delete: cascade }
      tags:   { type: many-to-many, target: Tag }
  Tag:
    columns:
      id: { type: serial, primary: true }
views:
  published_posts: { sql: "SELECT id, title FROM post WHERE status = 'published'" }
"""


def test_spec_example(tmp_path):
    db = build(tmp_path, SPEC_EXAMPLE)
    users = db.table("public", "users")
    assert [c.name for c in users.columns] == ["id", "email", "display_name", "is_admin", "created_at", "balance"]
    assert users.column("id").identity == Identity(always=True)
    assert users.column("id").nullable is False
    assert users.column("display_name").type == "character varying(120)"
    assert users.column("display_name").nullable is True
    assert users.column("display_name").renamed_from == "name"
    assert users.column("is_admin").default == "false"
    assert users.column("created_at").type == "timestamp with time zone"
    assert users.column("created_at").default == "now()"
    assert users.column("balance").default == "0"
    assert users.primary_key.name == "users_pkey"
    assert {u.name for u in users.uniques} == {"users_email_key", "users_display_name_created_at_key"}
    assert {i.name for i in users.indexes} == {"users_created_at_idx", "users_email_lower_idx"}
    expr = next(i for i in users.indexes if i.name == "users_email_lower_idx")
    assert expr.elements == (IndexElement(expression="lower(email)"),) and expr.unique
    assert users.comment == "Registered accounts"

    post = db.table("public", "post")
    author = post.column("author_id")
    assert author.type == "bigint" and author.nullable is False
    fk = post.foreign_keys[0]
    assert (fk.name, fk.columns, fk.ref_table, fk.ref_columns, fk.on_delete) == (
        "post_author_id_fkey", ("author_id",), QName("public", "users"), ("id",), "CASCADE")
    assert [i.name for i in post.indexes] == ["post_author_id_idx"]
    assert post.column("status").type == '"public"."post_status"'
    assert post.column("status").default == "'draft'"

    join = db.table("public", "post_tags")
    assert [(c.name, c.type) for c in join.columns] == [("post_id", "uuid"), ("tag_id", "integer")]
    assert join.primary_key.name == "post_tags_pkey" and join.primary_key.columns == ("post_id", "tag_id")
    assert {f.on_delete for f in join.foreign_keys} == {"CASCADE"}
    assert [i.elements[0].column for i in join.indexes] == ["tag_id"]

    assert [e.name for e in db.extensions] == ["citext"]
    assert db.enums[0].labels == ("draft", "published", "archived")
    assert db.views[0].definition.startswith("SELECT id, title")
    assert db.schemas == ()


def test_one_to_one_and_nullable_relation(tmp_path):
    db = build(tmp_path, """
        entities:
          User:
            columns: { id: { type: serial, primary: true } }
          Profile:
            columns: { id: { type: int, primary: true } }
            relations:
              user: { type: one-to-one, target: User, on_delete: set_null, nullable: true }
              one_to_many_has_no_columns: { type: one-to-many, target: User }
    """)
    profile = db.table("public", "profile")
    assert [c.name for c in profile.columns] == ["id", "user_id"]
    assert profile.column("user_id").type == "integer" and profile.column("user_id").nullable
    assert [u.name for u in profile.uniques] == ["profile_user_id_key"]
    assert profile.indexes == ()
    assert profile.foreign_keys[0].on_delete == "SET NULL"


def test_names_step_around_explicit_names(tmp_path):
    db = build(tmp_path, """
        entities:
          T:
            columns:
              id: { type: int, primary: true }
              a:  { type: int, check: "a > 0" }
            indexes:
              - { name: t_a_idx, columns: [id] }
              - { columns: [a] }
              - { columns: [a], include: [id] }
            checks:
              t_a_check: "a < 10"
    """)
    t = db.table("public", "t")
    assert {i.name for i in t.indexes} == {"t_a_idx", "t_a_idx1", "t_a_id_idx"}
    assert {c.name for c in t.checks} == {"t_a_check", "t_a_check1"}


def test_schemas_and_enum_qualification(tmp_path):
    db = build(tmp_path, """
        schema: sales
        enums:
          state: [open, closed]
        entities:
          Order:
            table: orders
            columns:
              id: { type: bigint, primary: true }
              state: { type: state, default: open }
              history: { type: "state[]", nullable: true }
          Note:
            schema: notes
            columns:
              id: { type: bigint, primary: true }
              order_id: { type: bigint, references: Order.id, on_delete: cascade }
    """)
    orders = db.table("sales", "orders")
    assert orders.column("state").type == '"sales"."state"'
    assert orders.column("history").type == '"sales"."state"[]'
    note = db.table("notes", "note")
    assert note.foreign_keys[0].ref_table == QName("sales", "orders")
    assert note.foreign_keys[0].name == "note_order_id_fkey"
    assert [s.name for s in db.schemas] == ["notes", "sales"]


def test_composite_keys_and_foreign_keys(tmp_path):
    db = build(tmp_path, """
        entities:
          Line:
            primary_key: [order_id, n]
            columns:
              order_id: { type: bigint }
              n: { type: int }
          Ship:
            columns:
              id: { type: bigint, primary: true, identity: { type: by_default, start: 100 } }
              order_id: { type: bigint }
              n: { type: int }
            foreign_keys:
              - { columns: [order_id, n], references: { entity: Line, columns: [order_id, n] }, on_update: cascade,
                  deferrable: true }
            unique:
              - { columns: [order_id, n], nulls_not_distinct: true }
    """)
    line = db.table("public", "line")
    assert line.primary_key.columns == ("order_id", "n")
    assert line.column("order_id").nullable is False
    ship = db.table("public", "ship")
    fk = ship.foreign_keys[0]
    assert fk.name == "ship_order_id_n_fkey" and fk.on_update == "CASCADE" and fk.deferrable
    assert ship.uniques[0].nulls_not_distinct
    assert ship.column("id").identity.always is False and ship.column("id").identity.options.start == 100


def test_length_precision_scale(tmp_path):
    db = build(tmp_path, """
        entities:
          T:
            columns:
              id: { type: int, primary: true }
              a: { type: varchar, length: 30 }
              b: { type: numeric, precision: 12, scale: 2 }
              c: { type: timestamptz, precision: 3 }
    """)
    t = db.table("public", "t")
    assert [c.type for c in t.columns] == ["integer", "character varying(30)", "numeric(12,2)",
                                           "timestamp(3) with time zone"]


@pytest.mark.parametrize(("value", "literal"), [
    ("it's", "'it''s'"), ("now()", "'now()'"), (True, "true"), (False, "false"), (0, "0"), (-3, "-3"),
    (1.5, "1.5"), (None, None), ([], "'{}'"), (["a", "b c"], "'{\"a\",\"b c\"}'"), ([1, 2], "'{1,2}'"),
])
def test_sql_literal(value, literal):
    assert sql_literal(value) == literal


def test_actions_and_snake_case():
    assert action("cascade") == "CASCADE"
    assert action("set_null") == "SET NULL"
    assert action("set null") == "SET NULL"
    assert action(None) == "NO ACTION"
    assert snake_case("OrderItem") == "order_item"
    assert snake_case("HTTPLog") == "http_log"
    assert snake_case("user") == "user"


def test_self_referencing_many_to_many(tmp_path):
    db = build(tmp_path, """
        entities:
          Person:
            columns: { id: { type: bigint, primary: true } }
            relations:
              friends: { type: many-to-many, target: Person, join_table: friendship }
    """)
    j = db.table("public", "friendship")
    assert [c.name for c in j.columns] == ["person_id", "friends_id"]


def test_full_model_forms(tmp_path):
    """Every model feature has a YAML spelling (the forms `forge import` writes)."""
    db = build(tmp_path, """
        schemas:
          audit: { comment: Audit trail }
          spare:
        domains:
          positive_int: { type: int, not_null: true, default: 1, checks: { positive: "VALUE > 0" }, comment: pos }
        composite_types:
          money_amount:
            attributes:
              amount: "numeric(12,2)"
              currency: { type: char(3), collation: C }
        entities:
          Booking:
            partition_by: RANGE (starts)
            columns:
              id:     { type: bigint, identity: { type: always, start: 100, sequence_name: booking_ids } }
              room:   { type: positive_int, not_null_name: room_set }
              price:  { type: money_amount, nullable: true, collation: en-x-icu }
              starts: { type: timestamptz }
            primary_key: { columns: [id, starts], name: booking_pk, deferrable: true, comment: key }
            checks:
              sane: { expression: "room < 1000", no_inherit: true, comment: rooms }
            exclusions:
              - { elements: [{ element: room, with: "=" }], where: "room > 0" }
              - { name: named_excl, method: gist, elements: [{ element: room, with: "=" }], deferrable: true }
          Booking2024:
            table: booking_2024
            partition_of: Booking
            partition_bound: FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
    """)
    assert [(s.name, s.comment) for s in db.schemas] == [("audit", "Audit trail"), ("spare", None)]
    (dom,) = db.domains
    assert (dom.type, dom.default, dom.not_null, dom.checks[0].name) == ("integer", "1", True, "positive")
    (comp,) = db.composite_types
    assert comp.attributes == (("amount", "numeric(12,2)", None), ("currency", "character(3)", '"C"'))
    booking = db.table("public", "booking")
    assert booking.partition_by == "RANGE (starts)"
    cols = {c.name: c for c in booking.columns}
    assert cols["id"].identity == Identity(True, cols["id"].identity.options, sequence_name="booking_ids")
    assert cols["room"].type == '"public"."positive_int"' and cols["room"].not_null_name == "room_set"
    assert cols["price"].collation == '"en-x-icu"'
    pk = booking.primary_key
    assert (pk.name, pk.deferrable, pk.comment) == ("booking_pk", True, "key")
    (check,) = booking.checks
    assert (check.no_inherit, check.comment) == (True, "rooms")
    assert [x.name for x in booking.exclusions] == ["booking_room_excl", "named_excl"]
    part = db.table("public", "booking_2024")
    assert part.partition_of == QName("public", "booking") and part.partition_bound.startswith("FOR VALUES")
    assert part.columns == ()


def test_equal_looking_column_specs_stay_apart(tmp_path):
    """Columns are made once per distinct spec (a schema repeats id, created_at...): a spec that
    only looks equal (1, 1.0 and true compare equal in Python) still makes its own column."""
    db = build(tmp_path, """
        entities:
          A:
            columns:
              id: { type: bigint, primary: true }
              v: { type: numeric, default: 1 }
              w: { type: text, nullable: true }
          B:
            columns:
              id: { type: bigint, primary: true }
              v: { type: numeric, default: 1.0 }
              w: { type: text, nullable: true }
          C:
            columns:
              id: { type: integer, primary: true }
              v: { type: boolean, default: true }
              w: { type: text, nullable: true, comment: x }
          D:
            schema: other
            columns:
              id: { type: bigint, primary: true }
              v: { type: numeric, default: 1 }
              w: { type: text, nullable: true }
    """)
    cols = {(t.schema, t.name): {c.name: c for c in t.columns} for t in db.tables}
    assert [cols[("public", t)]["v"].default for t in ("a", "b", "c")] == ["1", "1.0", "true"]
    assert cols[("public", "c")]["v"].type == "boolean" and cols[("public", "c")]["id"].type == "integer"
    assert cols[("public", "a")]["w"].comment is None and cols[("public", "c")]["w"].comment == "x"
    assert cols[("public", "a")]["id"] == cols[("other", "d")]["id"]
