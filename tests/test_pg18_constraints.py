"""PostgreSQL 18 constraint attributes (issue 10, item 4): NOT VALID NOT NULL
(``not_null_valid: false``) and NOT ENFORCED checks and foreign keys (``enforced: false``).
The corpus pairs (not_valid_* in not_null_names/, *enforce* in constraints/ and foreign_keys/)
prove the plans up and down; these prove the YAML side, the import, the plans from YAML and
the error on an older server, each with exact text."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemaforge import changes as ch
from schemaforge.errors import ForgeError
from schemaforge.model import Check, Column, Database, ForeignKey, QName, Table
from schemaforge.render import render_change
from schemaforge.server_features import require_server

from .conftest import ok, plan_json, query, run_sql
from .importcheck import import_is_noop

LIBRARY = ("entities:\n  Author:\n    columns:\n      id: { type: integer, primary: true }\n"
           "  Book:\n    columns:\n      id: { type: integer, primary: true }\n"
           "      author_id: { type: integer, nullable: true }\n      qty: { type: integer, nullable: true }\n")


def _version(url: str) -> int:
    return int(query(url, "SHOW server_version_num")[0][0])


def _pg18(url: str) -> None:
    if _version(url) < 180000:
        pytest.skip("NOT VALID NOT NULL and NOT ENFORCED need PostgreSQL 18")


# ---------------------------------------------------------------- validation (offline)

@pytest.mark.parametrize(("column", "expected"), [
    pytest.param("{ type: text, nullable: true, not_null_valid: false }",
                 "schema/app.yaml:4:44: error: not_null_valid in column 'email' needs a NOT NULL column "
                 "that is not the primary key", id="nullable"),
    pytest.param("{ type: text, primary: true, not_null_valid: false }",
                 "schema/app.yaml:4:43: error: not_null_valid in column 'email' needs a NOT NULL column "
                 "that is not the primary key", id="primary"),
])
def test_not_null_valid_needs_a_not_null_column(offline_project, column, expected):
    offline_project.schema(f"entities:\n  User:\n    columns:\n      email: {column}\n")
    res = offline_project.forge("validate")
    assert res.exit_code == 1, res.output
    assert [line for line in res.output.splitlines() if ": error: " in line] == [expected]


def test_enforced_must_be_a_boolean(offline_project):
    offline_project.schema(LIBRARY + "    checks:\n      qty_positive: { expression: qty > 0, enforced: 'no' }\n")
    res = offline_project.forge("validate")
    assert res.exit_code == 1
    assert "enforced" in res.output


# ---------------------------------------------------------------- the older server's error

def _model(**kw) -> Database:
    cols = (Column("id", "integer", nullable=False), Column("email", "text", nullable=False, **kw.pop("col", {})))
    t = Table("public", "book", cols, checks=kw.pop("checks", ()), foreign_keys=kw.pop("fks", ()))
    return Database(tables=(t,))


def test_an_older_server_is_a_clear_error_naming_its_version():
    db = _model(col={"not_null_valid": False},
                checks=(Check("qty_positive", "qty > 0", enforced=False),),
                fks=(ForeignKey("book_author", ("id",), QName("public", "author"), ("id",), enforced=False),))
    with pytest.raises(ForgeError) as exc:
        require_server(db, 150013)
    assert exc.value.message == (
        "the target runs PostgreSQL 15, and the YAML uses what needs PostgreSQL 18: "
        "table public.book: check qty_positive is NOT ENFORCED (enforced: false); "
        "table public.book: foreign key book_author is NOT ENFORCED (enforced: false); "
        "table public.book: column email's NOT NULL is NOT VALID (not_null_valid: false)")
    require_server(db, 180001)  # 18: fine
    require_server(_model(), 150013)  # nothing of 18: fine on 15


def test_plan_against_an_older_server_stops_before_any_sql(project):
    if _version(project.db_url) >= 180000:
        pytest.skip("the error is for servers before PostgreSQL 18 (run with DATABASE_URL on PostgreSQL 15)")
    project.schema(LIBRARY + "    checks:\n      qty_positive: { expression: qty > 0, enforced: false }\n")
    res = project.forge("plan")
    assert res.exit_code == 1
    assert "runs PostgreSQL" in res.output and "needs PostgreSQL 18" in res.output
    assert "check qty_positive is NOT ENFORCED (enforced: false)" in res.output


# ---------------------------------------------------------------- plans from YAML

def test_not_enforced_plans_from_yaml_and_settles(project):
    _pg18(project.db_url)
    run_sql(project.db_url, "CREATE TABLE author (id int PRIMARY KEY);"
                            "CREATE TABLE book (id int PRIMARY KEY, author_id int, qty int);"
                            "INSERT INTO book VALUES (1, 42, -1)")
    project.schema(LIBRARY + "    checks:\n      qty_positive: { expression: qty > 0, enforced: false }\n"
                   "    foreign_keys:\n      - { name: book_author, columns: [author_id],"
                   " references: { entity: Author, columns: [id] }, enforced: false }\n")
    doc = plan_json(project)
    assert doc["up"] == [
        'ALTER TABLE "public"."book" ADD CONSTRAINT "qty_positive" CHECK ((qty > 0)) NOT ENFORCED',
        'ALTER TABLE "public"."book" ADD CONSTRAINT "book_author" FOREIGN KEY ("author_id") '
        'REFERENCES "public"."author" ("id") NOT ENFORCED',
    ]
    ok(project.forge("sync"))
    assert plan_json(project)["changes"] == []
    # enforcing the foreign key: in place, and the row that breaks it is the hazard's business
    project.schema(LIBRARY + "    checks:\n      qty_positive: { expression: qty > 0, enforced: false }\n"
                   "    foreign_keys:\n      - { name: book_author, columns: [author_id],"
                   " references: { entity: Author, columns: [id] } }\n")
    doc = plan_json(project)
    assert doc["up"] == [
        'ALTER TABLE "public"."book" ALTER CONSTRAINT "book_author" ENFORCED']
    assert doc["down"] == ['ALTER TABLE "public"."book" ALTER CONSTRAINT "book_author" NOT ENFORCED']
    assert [h["code"] for h in doc["hazards"]] == ["SF404"]


def test_not_valid_not_null_plans_from_yaml_and_validates(project):
    _pg18(project.db_url)
    run_sql(project.db_url, "CREATE TABLE book (id int PRIMARY KEY, author_id int, qty int);"
                            "INSERT INTO book VALUES (1, NULL, 3)")
    project.schema(LIBRARY.replace("author_id: { type: integer, nullable: true }",
                                   "author_id: { type: integer, not_null_valid: false }"))
    doc = plan_json(project)
    assert doc["up"][-1:] == [
        'ALTER TABLE "public"."book" ADD CONSTRAINT "book_author_id_not_null" NOT NULL "author_id" NOT VALID']
    ok(project.forge("sync"))
    assert query(project.db_url, "SELECT conname, convalidated FROM pg_constraint WHERE conrelid = 'book'::regclass"
                                 " AND contype = 'n' ORDER BY 1") == [
        ("book_author_id_not_null", False), ("book_id_not_null", True)]
    assert query(project.db_url, "SELECT author_id FROM book") == [(None,)]  # the row stayed
    assert plan_json(project)["changes"] == []
    run_sql(project.db_url, "UPDATE book SET author_id = 1")
    project.schema(LIBRARY.replace("author_id: { type: integer, nullable: true }", "author_id: { type: integer }"))
    doc = plan_json(project)
    assert doc["up"][-1:] == ['ALTER TABLE "public"."book" VALIDATE CONSTRAINT "book_author_id_not_null"']
    assert doc["down"] == ['ALTER TABLE "public"."book" ALTER COLUMN "author_id" DROP NOT NULL',
                           'ALTER TABLE "public"."book" ADD CONSTRAINT "book_author_id_not_null" NOT NULL '
                           '"author_id" NOT VALID']


# ---------------------------------------------------------------- import

def test_import_writes_not_valid_not_nulls_and_not_enforced(db_url, tmp_path):
    _pg18(db_url)
    run_sql(db_url, """
        CREATE TABLE author (id int PRIMARY KEY);
        CREATE TABLE book (id int PRIMARY KEY, author_id int, email text, qty int,
                           CONSTRAINT qty_positive CHECK (qty > 0) NOT ENFORCED,
                           CONSTRAINT book_author FOREIGN KEY (author_id) REFERENCES author NOT ENFORCED);
        INSERT INTO book VALUES (1, 7, NULL, -1);
        ALTER TABLE book ADD CONSTRAINT email_required NOT NULL email NOT VALID;
        ALTER TABLE book ADD CONSTRAINT book_author_id_not_null NOT NULL author_id NOT VALID;
    """)
    import_is_noop(db_url, tmp_path)
    lines = (tmp_path / "imported" / "book.yaml").read_text().splitlines()
    assert "      author_id: {type: integer, not_null_valid: false}" in lines
    assert "      email: {type: text, not_null_name: email_required, not_null_valid: false}" in lines
    assert "      qty_positive: {expression: (qty > 0), enforced: false}" in lines
    assert lines[lines.index("    foreign_keys:"):] == [
        "    foreign_keys:", "      - name: book_author", "        columns: [author_id]",
        "        references: {entity: Author, columns: [id]}", "        enforced: false"]


# ---------------------------------------------------------------- rendering

def test_names_are_quoted_whatever_they_hold():
    t = QName('s"x', 'b"k')
    fk = ForeignKey('f"k', ("a",), QName("s", "r"), ("id",))
    assert render_change(ch.SetForeignKeyEnforced(t, fk)) == [
        'ALTER TABLE "s""x"."b""k" ALTER CONSTRAINT "f""k" ENFORCED']
    assert render_change(ch.SetNotNullValid(t, 'c"l', 'n"n', False)) == [
        'ALTER TABLE "s""x"."b""k" ALTER COLUMN "c""l" DROP NOT NULL',
        'ALTER TABLE "s""x"."b""k" ADD CONSTRAINT "n""n" NOT NULL "c""l" NOT VALID']
    assert ch.SetNotNullValid(t, "c", "n", True).reverse().reverse() == ch.SetNotNullValid(t, "c", "n", True)


def test_json_schema_has_the_keys():
    import json

    schema = json.loads((Path(__file__).parent.parent / "schemaforge/data/schemaforge.schema.json").read_text())
    ent = schema["properties"]["entities"]["additionalProperties"]["properties"]
    assert ent["columns"]["additionalProperties"]["properties"]["not_null_valid"]["type"] == "boolean"
    assert ent["foreign_keys"]["items"]["properties"]["enforced"]["type"] == "boolean"


def test_preflight_never_counts_orphans_for_a_not_enforced_foreign_key():
    from schemaforge.preflight.statements import specs

    add = 'ALTER TABLE "public"."book" ADD CONSTRAINT "fk" FOREIGN KEY ("a") REFERENCES "public"."author" ("id")'
    assert specs([add + " NOT ENFORCED"]) == []
    assert specs([add + " NOT VALID"]) == []  # kept NOT VALID (valid: false): its orphans are meant
    validate = 'ALTER TABLE "public"."book" VALIDATE CONSTRAINT "fk"'
    assert [s.kind for s in specs([add + " NOT VALID", validate])] == ["orphans"]  # the online form
    assert [s.kind for s in specs([add])] == ["orphans"]


def test_locks_of_the_new_statements():
    from schemaforge.render.locks import LOCKS

    t, fk = QName("s", "b"), ForeignKey("fk", ("a",), QName("s", "r"), ("id",))
    kinds = [(s.kind, LOCKS[s.kind].level, LOCKS[s.kind].scans) for c in (
        ch.SetForeignKeyEnforced(t, fk), ch.SetForeignKeyEnforced(t, fk).reverse(),
        ch.SetNotNullValid(t, "c", "n", True), ch.SetNotNullValid(t, "c", "n", False)) for s in render_change(c)]
    assert kinds == [("enforce_foreign_key", "ACCESS EXCLUSIVE", True),
                     ("unenforce_foreign_key", "ACCESS EXCLUSIVE", False),
                     ("validate_constraint", "SHARE UPDATE EXCLUSIVE", True),
                     ("drop_not_null", "ACCESS EXCLUSIVE", False),
                     ("add_not_null_not_valid", "ACCESS EXCLUSIVE", False)]
