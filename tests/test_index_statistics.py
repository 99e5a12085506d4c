"""Statistics targets of an index's expression keys (``ALTER INDEX ... ALTER COLUMN n SET
STATISTICS``), as danbooru's ``structure.sql`` sets one: changed in place, never by building
the index again; written by import; refused on a column key."""

from __future__ import annotations

from tests.conftest import run_sql
from tests.pairs import roundtrip

TABLE = "CREATE TABLE posts (id integer PRIMARY KEY, tag_string text);\n"
INDEX = "CREATE INDEX posts_tags ON posts USING gin (string_to_array(tag_string, ' '));\n"


def test_a_target_changes_in_place(make_db):
    plan = roundtrip(make_db, TABLE + INDEX + "ALTER INDEX posts_tags ALTER COLUMN 1 SET STATISTICS 100;",
                     TABLE + INDEX + "ALTER INDEX posts_tags ALTER COLUMN 1 SET STATISTICS 3000;",
                     expect=["set_index_statistics"])
    assert list(plan.up) == ['ALTER INDEX "public"."posts_tags" ALTER COLUMN 1 SET STATISTICS 3000']
    assert list(plan.down) == ['ALTER INDEX "public"."posts_tags" ALTER COLUMN 1 SET STATISTICS 100']


def test_a_new_index_gets_its_target_after_it_is_built(make_db):
    plan = roundtrip(make_db, TABLE, TABLE + INDEX + "ALTER INDEX posts_tags ALTER COLUMN 1 SET STATISTICS 3000;")
    assert [s for s in plan.up if "posts_tags" in s][-1] == \
        'ALTER INDEX "public"."posts_tags" ALTER COLUMN 1 SET STATISTICS 3000'


def test_import_writes_the_target_and_plans_empty(project):
    run_sql(project.db_url, TABLE + INDEX + "ALTER INDEX posts_tags ALTER COLUMN 1 SET STATISTICS 3000;")
    r = project.forge("import", "--out", "schema", "--force")
    assert r.exit_code == 0, r.output
    text = (project.root / "schema" / "posts.yaml").read_text()
    assert "        columns: [{expression: \"string_to_array(tag_string, ' '::text)\", statistics: 3000}]\n" in text
    r = project.forge("plan", "--detailed-exitcode")
    assert r.exit_code == 0, r.output


def test_a_target_on_a_column_key_is_refused(project):
    project.write("schema/t.yaml", """entities:
  T:
    columns:
      id: { type: integer, primary: true }
    indexes:
      - columns: [{ name: id, statistics: 10 }]
""")
    r = project.forge("validate")
    assert r.exit_code == 1
    assert "schema/t.yaml:6:31: error: PostgreSQL keeps a statistics target only for an expression key of an index" \
        in r.output
