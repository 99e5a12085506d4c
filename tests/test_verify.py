"""``--verify`` on plan, generate and check: up then down replayed on a scratch database.

Every test runs ``forge`` on a real PostgreSQL. The target's schema (pg_dump), its rows and the
server's database list are compared before and after, so "never on the target" is a fact the
tests check, not a promise.
"""

from __future__ import annotations

import contextlib
import json

import pytest
from psycopg.conninfo import conninfo_to_dict

from schemaforge import changes as ch
from schemaforge.database.session import Server
from schemaforge.render.registry import RENDERERS
from tests.conftest import ok, pg_dump_schema, query, run_sql, sync

V1 = """
entities:
  Item:
    columns:
      id: { type: integer, primary: true }
      price: { type: "numeric(10,2)" }
      note: { type: text, nullable: true }
  Tag:
    columns:
      id: { type: integer, primary: true }
      label: { type: text }
"""
V2 = V1.replace("      label: { type: text }\n", "      label: { type: text }\n      color: { type: text, nullable: true }\n")
SEED = """
-- sample rows
INSERT INTO item (id, price, note) VALUES (1, 1.25, 'first'), (2, 2.00, NULL);
INSERT INTO tag (id, label) VALUES (1, 'red');
"""

UP_OK = "✓ up lands exactly on the YAML"
DOWN_OK = "✓ down restores the starting schema"


def _state(url: str) -> tuple:
    """What a --verify run must leave as it was: the target's schema and its rows."""
    dump = pg_dump_schema(url)
    rows = query(url, "SELECT (SELECT count(*) FROM item), (SELECT count(*) FROM tag)")
    return dump, rows


@pytest.fixture
def scratches(monkeypatch) -> list[str]:
    """The names of the scratch databases the run creates (each must be gone afterwards)."""
    made: list[str] = []
    original = Server.scratch

    @contextlib.contextmanager
    def recording(self, **kw):
        with original(self, **kw) as url:
            made.append(conninfo_to_dict(url)["dbname"])
            yield url

    monkeypatch.setattr(Server, "scratch", recording)
    return made


def _gone(target_url: str, names: list[str]) -> None:
    """Each scratch database was another database than the target, and none is left."""
    assert names, "no scratch database was used"
    target = conninfo_to_dict(target_url)["dbname"]
    assert target not in names
    assert query(target_url, "SELECT datname FROM pg_database WHERE datname = ANY(%s)", [names]) == []


@pytest.fixture
def v1(project):
    """A target synced to V1 holding one row of its own; the YAML then at V2."""
    project.schema(V1)
    sync(project)
    run_sql(project.db_url, "INSERT INTO tag (id, label) VALUES (7, 'target row')")
    project.schema(V2)
    return project


def test_plan_verify_reports_both_directions_and_leaves_the_output_unchanged(v1, scratches):
    before = _state(v1.db_url)
    plain = ok(v1.forge("plan"))
    res = ok(v1.forge("plan", "--verify"))
    assert res.stdout == plain.stdout + f"\n{UP_OK}\n{DOWN_OK}\n"
    assert _state(v1.db_url) == before
    _gone(v1.db_url, scratches)


def test_an_empty_plan_verifies_too(v1):
    sync(v1)
    res = ok(v1.forge("plan", "--verify"))
    assert res.stdout == f"✓ No changes: the database matches the schema.\n\n{UP_OK}\n{DOWN_OK}\n"


def test_plan_verify_json_has_a_verify_object(v1):
    plain = json.loads(ok(v1.forge("plan", "--format", "json")).stdout)
    doc = json.loads(ok(v1.forge("plan", "--format", "json", "--verify")).stdout)
    assert doc.pop("verify") == {
        "ok": True, "up": {"exact": True, "differences": []}, "down": {"exact": True, "differences": [], "notes": []},
        "failure": None, "seed": None, "lines": [UP_OK, DOWN_OK]}
    assert doc == plain


def test_plan_verify_sql_keeps_stdout_a_script(v1):
    plain = ok(v1.forge("plan", "--format", "sql"))
    res = ok(v1.forge("plan", "--format", "sql", "--verify"))
    assert res.stdout == plain.stdout
    assert res.stderr.splitlines()[-2:] == [UP_OK, DOWN_OK]


def test_seeded_rows_survive_and_only_the_scratch_database_gets_them(v1, scratches):
    v1.write("seed.sql", SEED)
    before = _state(v1.db_url)
    res = ok(v1.forge("plan", "--verify", "--seed", "seed.sql"))
    assert res.stdout.splitlines()[-3:] == [UP_OK, DOWN_OK, "✓ 3 seeded rows in 2 tables survive up and down"]
    assert _state(v1.db_url) == before
    _gone(v1.db_url, scratches)
    assert query(v1.db_url, "SELECT id, label FROM tag") == [(7, "target row")]


def test_a_down_that_does_not_restore_is_reported_with_the_difference(v1, scratches, monkeypatch):
    monkeypatch.setitem(RENDERERS, ch.DropColumn, lambda c: [])  # the down forgets to drop the new column
    before = _state(v1.db_url)
    res = v1.forge("plan", "--verify")
    assert res.exit_code == 1, res.output
    assert res.stdout.splitlines()[-3:] == [
        UP_OK, "✗ down does not restore the starting schema; it leaves:", "  + add column color text"]
    assert _state(v1.db_url) == before
    _gone(v1.db_url, scratches)


def test_an_up_that_misses_the_yaml_is_reported(v1, monkeypatch):
    monkeypatch.setitem(RENDERERS, ch.AddColumn, lambda c: [])
    res = v1.forge("plan", "--verify")
    assert res.exit_code == 1, res.output
    assert res.stdout.splitlines()[-4:] == [
        "✗ up does not land on the YAML; the plan would still change:", "  + add column color text",
        '✗ down fails on the scratch database: column "color" of relation "tag" does not exist',
        '  failing statement: ALTER TABLE "public"."tag" DROP COLUMN "color"']


def test_a_narrowing_type_change_loses_seeded_rows_by_table(v1, scratches):
    v1.schema(V1.replace("numeric(10,2)", "numeric(10,0)"))
    v1.write("seed.sql", SEED)
    before = _state(v1.db_url)
    res = v1.forge("plan", "--verify", "--seed", "seed.sql")
    assert res.exit_code == 1, res.output
    assert res.stdout.splitlines()[-6:] == [
        UP_OK, DOWN_OK,
        "✗ public.item: 1 of 2 seeded rows lost after up (compared on id, price, note)",
        "    id=1, price=1.25, note=first",
        "✗ public.item: 1 of 2 seeded rows lost after down (compared on id, price, note)",
        "    id=1, price=1.25, note=first",
    ]
    assert _state(v1.db_url) == before
    _gone(v1.db_url, scratches)


def test_rows_are_followed_through_renames(v1):
    """Table and column renamed by up: the rows are compared under their new names (the loss after
    up is seen only so), and under the old ones again after down."""
    v1.schema(V1.replace("  Item:\n", "  Product:\n    renamed_from: item\n")
              .replace('price: { type: "numeric(10,2)" }', 'cost: { type: "numeric(10,0)", renamed_from: price }'))
    v1.write("seed.sql", SEED)
    res = v1.forge("plan", "--verify", "--seed", "seed.sql")
    assert res.exit_code == 1, res.output
    assert res.stdout.splitlines()[-6:] == [
        UP_OK, DOWN_OK,
        "✗ public.item (now public.product): 1 of 2 seeded rows lost after up (compared on id, price, note)",
        "    id=1, price=1.25, note=first",
        "✗ public.item: 1 of 2 seeded rows lost after down (compared on id, price, note)",
        "    id=1, price=1.25, note=first",
    ]


def test_renames_of_follows_a_column_through_its_table_rename():
    from schemaforge.model import QName
    from schemaforge.verify import renames_of

    found = renames_of([ch.RenameTable("public", "item", "product"),
                        ch.RenameColumn(QName("public", "product"), "price", "cost"),
                        ch.RenameColumn(QName("public", "product"), "cost", "amount")])
    assert found.table("public.item") == "public.product"
    assert found.column("public.item", "price") == "amount"
    assert found.column("public.item", "note") == "note"
    assert found.table("public.tag") == "public.tag"


def test_a_dropped_column_comes_back_empty_after_down(v1):
    v1.schema(V1.replace("      note: { type: text, nullable: true }\n", ""))
    v1.write("seed.sql", SEED)
    res = v1.forge("plan", "--verify", "--seed", "seed.sql")
    assert res.exit_code == 1, res.output
    assert res.stdout.splitlines()[-3:] == [
        DOWN_OK,
        "✗ public.item: 1 of 2 seeded rows lost after down (compared on id, price, note)",
        "    id=1, price=1.25, note=first",
    ]


def test_a_column_dropped_mid_table_comes_back_at_the_end(v1):
    """PostgreSQL adds a column only at the end: down restores everything but the position, and
    says so as a note (no plan can do better; the diff has no change for a position)."""
    v1.schema(V1.replace('      price: { type: "numeric(10,2)" }\n', ""))
    res = v1.forge("plan", "--verify")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-3:] == [
        UP_OK, DOWN_OK,
        "! table public.item: down puts the column back at the end (column order id, price, note became id, "
        "note, price)",
    ]


def test_an_up_step_that_fails_on_the_seeded_rows_is_reported(v1):
    v1.schema(V1.replace("      label: { type: text }\n", "      label: { type: text }\n      rank: { type: integer }\n"))
    v1.write("seed.sql", SEED)
    res = v1.forge("plan", "--verify", "--seed", "seed.sql")
    assert res.exit_code == 1, res.output
    assert res.stdout.splitlines()[-2:] == [
        '✗ up fails on the scratch database: column "rank" of relation "tag" contains null values',
        '  failing statement: ALTER TABLE "public"."tag" ADD COLUMN "rank" integer NOT NULL',
    ]


def test_a_seed_holds_inserts_only(v1, scratches):
    v1.write("seed.sql", "INSERT INTO tag VALUES (1, 'a');\n  DROP TABLE tag;\n")
    before = _state(v1.db_url)
    res = v1.forge("plan", "--verify", "--seed", "seed.sql")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == "error: seed.sql:2:3: a seed holds INSERT statements only, found DROP"
    assert _state(v1.db_url) == before
    assert scratches == []  # refused before any database work


def test_hostile_seed_text_is_a_value_in_the_scratch_database(v1, scratches):
    v1.write("seed.sql", "INSERT INTO tag VALUES (1, 'x''); DROP TABLE tag; --');\n"
                         "INSERT INTO tag VALUES (2, $$; DROP DATABASE postgres; $$) -- ; DROP TABLE item;\n")
    before = _state(v1.db_url)
    res = ok(v1.forge("plan", "--verify", "--seed", "seed.sql"))
    assert res.stdout.splitlines()[-1] == "✓ 2 seeded rows in 1 table survive up and down"
    assert _state(v1.db_url) == before
    _gone(v1.db_url, scratches)


@pytest.mark.parametrize("args", [["plan"], ["generate", "x"], ["check"]])
def test_seed_without_verify_is_an_error(v1, args):
    v1.write("seed.sql", SEED)
    res = v1.forge(*args, "--seed", "seed.sql")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == "error: --seed needs --verify"
    assert list((v1.root / "migrations").glob("*.sql")) == []


def test_verify_of_an_empty_migration_is_an_error(v1):
    res = v1.forge("generate", "x", "--empty", "--verify")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == "error: --verify has nothing to replay in an --empty migration"
    assert list((v1.root / "migrations").glob("*.sql")) == []


def test_generate_verify_writes_only_a_migration_that_round_trips(project, monkeypatch):
    project.schema(V1)
    ok(project.forge("generate", "init"))
    ok(project.forge("apply"))
    project.schema(V2)
    before = pg_dump_schema(project.db_url)
    with monkeypatch.context() as m:
        m.setitem(RENDERERS, ch.DropColumn, lambda c: [])
        res = project.forge("generate", "add_color", "--verify")
    assert res.exit_code == 1, res.output
    assert res.stderr.splitlines()[-4:] == [
        UP_OK, "✗ down does not restore the starting schema; it leaves:", "  + add column color text",
        "verification failed: no migration written"]
    assert len(list((project.root / "migrations").glob("*.sql"))) == 1
    project.write("seed.sql", SEED)
    res = ok(project.forge("generate", "add_color", "--verify", "--seed", "seed.sql"))
    assert res.stderr.splitlines()[-4:-1] == [UP_OK, DOWN_OK, "✓ 3 seeded rows in 2 tables survive up and down"]
    assert res.stdout.strip().endswith("_add_color.sql")
    assert pg_dump_schema(project.db_url) == before


def test_generate_from_migrations_verify(project):
    project.schema(V1)
    ok(project.forge("generate", "init", "--from-migrations"))
    project.schema(V2)
    before = pg_dump_schema(project.db_url)
    res = ok(project.forge("generate", "add_color", "--from-migrations", "--verify"))
    assert res.stderr.splitlines()[-3:-1] == [UP_OK, DOWN_OK]
    assert pg_dump_schema(project.db_url) == before


def test_check_verify_catches_a_hand_edited_down(project):
    project.schema(V1)
    ok(project.forge("generate", "init", "--from-migrations"))
    project.schema(V2)
    path = ok(project.forge("generate", "add_color", "--from-migrations")).stdout.strip()
    project.write("seed.sql", SEED)
    res = ok(project.forge("check", "--verify", "--seed", "seed.sql"))
    assert res.stdout.splitlines()[-3:] == [UP_OK, DOWN_OK, "✓ 3 seeded rows in 2 tables survive up and down"]
    from pathlib import Path

    text = Path(path).read_text()
    Path(path).write_text(text.replace('ALTER TABLE "public"."tag" DROP COLUMN "color";', "SELECT 1;"))
    ok(project.forge("rehash"))
    res = project.forge("check", "--verify")
    assert res.exit_code == 1, res.output
    assert res.stdout.splitlines()[-3:] == [
        UP_OK, "✗ down does not restore the starting schema; it leaves:", "  + add column color text"]
