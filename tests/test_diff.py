"""The diff on model objects alone: no database, no YAML, exact change lists out.

Each test builds two small models (as the catalog would read them) and asserts the exact
list of changes ``diff`` returns: their kinds in order and the fields that identify them.
"""

from __future__ import annotations

from dataclasses import replace

from schemaforge import changes as ch
from schemaforge.dependencies import mentioned
from schemaforge.diff import diff
from schemaforge.model import (
    Check,
    Column,
    Database,
    Enum,
    Index,
    IndexElement,
    PrimaryKey,
    QName,
    Schema,
    Table,
    View,
)
from schemaforge.naming import default_not_null_name, default_sequence_name

USERS = QName("public", "users")


def users(*columns: Column, **fields) -> Table:
    base = (Column("id", "integer", nullable=False), Column("email", "text"))
    return Table("public", "users", columns=columns or base, primary_key=PrimaryKey("users_pkey", ("id",)), **fields)


def db(*tables: Table, **fields) -> Database:
    return Database(schemas=(Schema("public"),), tables=tables, **fields).sorted()


def kinds(changes: list[ch.Change]) -> list[str]:
    return [c.kind for c in changes]


def test_identical_models_have_no_changes():
    model = db(users(), enums=(Enum("public", "mood", ("sad", "ok")),),
               views=(View("public", "v", "SELECT users.id FROM public.users"),))
    assert diff(model, model) == []
    assert diff(model, replace(model)) == []


def test_added_column():
    new = Column("name", "text", nullable=False, default="''::text")
    cur = db(users())
    des = db(users(*users().columns, new))
    assert diff(cur, des) == [ch.AddColumn(USERS, new)]


def test_dropped_column():
    cur = db(users())
    des = db(users(Column("id", "integer", nullable=False)))
    assert diff(cur, des) == [ch.DropColumn(USERS, Column("email", "text"))]


def test_renamed_column_is_a_rename_not_drop_and_add():
    cur = db(users())
    des = db(users(Column("id", "integer", nullable=False), Column("mail", "text", renamed_from="email")))
    assert diff(cur, des) == [ch.RenameColumn(USERS, "email", "mail")]


def test_renamed_column_carries_its_check_and_index_along():
    """After RENAME COLUMN PostgreSQL prints the new name in expressions: nothing to recreate."""
    ix = Index("users_lower_idx", (IndexElement(expression="lower(email)"),), where="(email IS NOT NULL)")
    cur = db(users(checks=(Check("users_email_check", "(length(email) > 3)"),), indexes=(ix,)))
    ix2 = Index("users_lower_idx", (IndexElement(expression="lower(mail)"),), where="(mail IS NOT NULL)")
    des = db(users(Column("id", "integer", nullable=False), Column("mail", "text", renamed_from="email"),
                   checks=(Check("users_email_check", "(length(mail) > 3)"),), indexes=(ix2,)))
    assert diff(cur, des) == [ch.RenameColumn(USERS, "email", "mail")]


def test_changed_default():
    cur = db(users())
    old = Column("email", "text")
    new = Column("email", "text", default="'x'::text")
    des = db(users(Column("id", "integer", nullable=False), new))
    assert diff(cur, des) == [ch.AlterColumn(USERS, old, new)]


def test_default_with_same_canonical_text_is_no_change():
    at = lambda d: db(users(Column("id", "integer", nullable=False), Column("at", "timestamptz", default=d)))  # noqa: E731
    assert diff(at("CURRENT_TIMESTAMP"), at("now()")) == []


def test_changed_check_is_dropped_and_added():
    old, new = Check("users_id_check", "(id > 0)"), Check("users_id_check", "(id > 1)")
    changes = diff(db(users(checks=(old,))), db(users(checks=(new,))))
    assert changes == [ch.DropConstraint(USERS, old), ch.AddConstraint(USERS, new)]


def test_check_with_same_canonical_text_is_no_change():
    old = Check("users_at_check", "(at <= CURRENT_TIMESTAMP)")
    new = Check("users_at_check", "(at <= now())")
    assert diff(db(users(checks=(old,))), db(users(checks=(new,)))) == []


def test_index_renamed_when_only_the_name_changed():
    el = (IndexElement(column="email"),)
    cur = db(users(indexes=(Index("users_email_idx", el),)))
    des = db(users(indexes=(Index("users_mail_idx", el),)))
    assert diff(cur, des) == [ch.RenameIndex("public", USERS, "users_email_idx", "users_mail_idx")]


def test_index_recreated_when_its_definition_changed():
    old = Index("users_email_idx", (IndexElement(column="email"),))
    new = Index("users_email_idx", (IndexElement(column="email"),), unique=True)
    changes = diff(db(users(indexes=(old,))), db(users(indexes=(new,))))
    assert changes == [ch.DropIndex(USERS, old), ch.CreateIndex(USERS, new)]


def test_enum_label_added_in_the_middle_is_added_in_place():
    cur = db(users(), enums=(Enum("public", "mood", ("sad", "happy")),))
    des = db(users(), enums=(Enum("public", "mood", ("sad", "ok", "happy")),))
    (change,) = diff(cur, des)
    assert isinstance(change, ch.AddEnumValues)
    assert (change.old.labels, change.new.labels) == (("sad", "happy"), ("sad", "ok", "happy"))


def test_enum_label_removed_recreates_the_enum_and_converts_its_columns():
    mood = Column("mood", "public.mood", default="'ok'::public.mood")
    cur = db(users(Column("id", "integer", nullable=False), mood), enums=(Enum("public", "mood", ("sad", "ok")),))
    des = db(users(Column("id", "integer", nullable=False), mood), enums=(Enum("public", "mood", ("ok",)),))
    (change,) = diff(cur, des)
    assert isinstance(change, ch.RecreateEnum)
    assert change.columns == ((USERS, "mood", "'ok'::public.mood", "'ok'::public.mood", False),)


def test_view_over_a_retyped_column_is_recreated_around_it():
    view = View("public", "emails", "SELECT users.email\n   FROM public.users")
    other = View("public", "other", "SELECT 1 AS one")
    cur = db(users(), views=(view, other))
    old, new = Column("email", "text"), Column("email", "character varying(200)")
    des = db(users(Column("id", "integer", nullable=False), new), views=(view, other))
    assert diff(cur, des) == [
        ch.AlterColumn(USERS, old, new), ch.DropView(view, replaced=True), ch.CreateView(view),
    ]


def test_view_over_a_column_that_only_got_a_default_stays():
    view = View("public", "emails", "SELECT users.email\n   FROM public.users")
    des_col = Column("email", "text", default="'x'::text")
    changes = diff(db(users(), views=(view,)), db(users(Column("id", "integer", nullable=False), des_col), views=(view,)))
    assert kinds(changes) == ["alter_column"]


def test_serial_to_identity_releases_the_sequence_name_first():
    from schemaforge.model import Identity, Sequence

    seq = Sequence("public", "users_id_seq", "integer", owned_by=("public", "users", "id"))
    serial = Column("id", "integer", nullable=False, default="nextval('public.users_id_seq'::regclass)")
    ident = Column("id", "integer", nullable=False, identity=Identity(always=True))
    changes = diff(db(users(serial), sequences=(seq,)), db(users(ident)))
    assert kinds(changes) == ["alter_sequence", "drop_sequence", "alter_column", "alter_column"]
    assert [getattr(c, "early", None) for c in changes] == [True, True, True, False]


def test_table_rename_keeps_the_names_postgres_derived_from_the_old_name():
    from schemaforge.model import Identity

    old = Table("public", "people", (Column("id", "bigint", nullable=False, identity=Identity(True)),))
    new = Table("public", "users", (Column("id", "bigint", nullable=False, identity=Identity(True)),),
                renamed_from="people")
    cur = replace(db(old), named_not_nulls=True)
    changes = diff(cur, db(new))
    assert kinds(changes) == ["rename_table", "rename_not_null", "alter_column"]
    assert changes[1] == ch.RenameNotNull(USERS, "id", "people_id_not_null", "users_id_not_null", before_alter=True)
    assert changes[2].old.identity.sequence_name == "people_id_seq"


def test_default_names():
    assert default_sequence_name("users", "id") == "users_id_seq"
    assert default_not_null_name("users", "id") == "users_id_not_null"
    assert len(default_sequence_name("t" * 80, "c" * 80).encode()) == 63


def test_mentioned_reads_names_as_postgres_does():
    names = [QName("public", "users"), QName("app", "users"), QName("public", "Orders"), QName("public", "x")]
    assert mentioned("SELECT u.id FROM Users u", names) == names[:2]
    assert mentioned('SELECT * FROM app.users JOIN "Orders" o ON true', names) == names[1:3]
    assert mentioned("SELECT 'users', orders FROM public.x", names) == [names[3]]
    assert mentioned("SELECT 'public.x'::regclass", names) == [names[3]]
    assert mentioned("SELECT 'unterminated", names) == names


def test_added_labels_carry_the_views_that_name_the_enum_for_their_down():
    cur_enum, des_enum = Enum("public", "mood", ("sad", "ok")), Enum("public", "mood", ("sad", "ok", "happy"))
    named = View("public", "named", " SELECT 'ok'::public.mood AS m;")
    other = View("public", "other", " SELECT 1 AS one;")
    cur = db(users(), enums=(cur_enum,), views=(named, other))
    des = db(users(), enums=(des_enum,), views=(named, other))
    assert diff(cur, des) == [ch.AddEnumValues(cur_enum, des_enum, (), (named,))]


def test_a_recreated_enum_recreates_the_views_that_name_it_and_leaves_dropped_columns_to_their_drop():
    mood = Column("mood", "public.mood")
    cur_enum, des_enum = Enum("public", "mood", ("sad", "ok")), Enum("public", "mood", ("ok",))
    named = View("public", "named", " SELECT 'ok'::public.mood AS m;")
    cur = db(users(Column("id", "integer", nullable=False), mood, replace(mood, name="gone")),
             enums=(cur_enum,), views=(named,))
    des = db(users(Column("id", "integer", nullable=False), mood), enums=(des_enum,), views=(named,))
    assert diff(cur, des) == [
        ch.RecreateEnum(cur_enum, des_enum, ((USERS, "mood", None, None, False),)),
        ch.DropColumn(USERS, replace(mood, name="gone")),
        ch.DropView(named, replaced=True),
        ch.CreateView(named),
    ]


def test_view_column_comments_change_in_place_and_come_back_with_a_recreated_view():
    """Only column comments differ: ``COMMENT ON COLUMN`` each, by column name, with an exact
    down; a view created again (a new query) gets its column comments after its ``CREATE``."""
    from schemaforge.planner import build_plan

    q = QName("public", "v")
    v = View("public", "v", "SELECT 1 AS a, 2 AS b", column_comments=(("a", "one"), ("b", "it's")))
    kept = replace(v, column_comments=(("b", "two"),))
    assert diff(db(views=(v,)), db(views=(kept,))) == [
        ch.SetViewColumnComment(q, "a", "one", None, "VIEW"), ch.SetViewColumnComment(q, "b", "it's", "two", "VIEW")]
    plan = build_plan(db(views=(v,)), db(views=(kept,)))
    assert list(plan.up) == ['COMMENT ON COLUMN "public"."v"."a" IS NULL',
                             'COMMENT ON COLUMN "public"."v"."b" IS \'two\'']
    assert list(plan.down) == ['COMMENT ON COLUMN "public"."v"."b" IS \'it\'\'s\'',
                               'COMMENT ON COLUMN "public"."v"."a" IS \'one\'']
    rebuilt = replace(kept, definition="SELECT 1 AS a, 3 AS b")
    plan = build_plan(db(views=(v,)), db(views=(rebuilt,)))
    assert list(plan.up) == ['DROP VIEW "public"."v"', 'CREATE VIEW "public"."v" AS\nSELECT 1 AS a, 3 AS b',
                             'COMMENT ON COLUMN "public"."v"."b" IS \'two\'']
    assert list(plan.down) == ['DROP VIEW "public"."v"', 'CREATE VIEW "public"."v" AS\nSELECT 1 AS a, 2 AS b',
                               'COMMENT ON COLUMN "public"."v"."a" IS \'one\'',
                               'COMMENT ON COLUMN "public"."v"."b" IS \'it\'\'s\'']
    m = View("public", "m", "SELECT 1 AS a", materialized=True)
    assert diff(db(views=(m,)), db(views=(replace(m, column_comments=(("a", "x"),)),))) == [
        ch.SetViewColumnComment(QName("public", "m"), "a", None, "x", "MATERIALIZED VIEW")]
