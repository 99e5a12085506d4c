"""Adopting a database: ``forge baseline`` and ``forge squash --to VERSION``, on real databases."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from schemaforge.errors import ForgeError
from schemaforge.inspect import inspect_database
from schemaforge.migrations import files, manifest
from tests.conftest import ok, pg_dump_schema, query, run_sql

POST = """
entities:
  Post:
    columns:
      id: { type: bigint, primary: true, identity: always }
      title: { type: text }
"""
POST_DESC = POST + "      description: { type: text, nullable: true }\n"
POST_DESC_SLUG = POST_DESC + "      slug: { type: text, nullable: true }\n"
HAND_MADE = "CREATE TABLE post (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL)"


def history_rows(url: str) -> list[tuple]:
    return query(url, "SELECT version, name, kind, checksum, execution_ms FROM schemaforge.migrations ORDER BY version")


def last_path(res) -> Path:
    return Path(res.stdout.strip().splitlines()[-1])


def status(project, url: str | None = None) -> dict:
    env = {"DATABASE_URL": url} if url else None
    return json.loads(ok(project.forge("status", "--format", "json", env=env)).stdout)


def states(doc: dict) -> list[tuple[str, str]]:
    return [(m["name"], m["state"]) for m in doc["migrations"]]


def up_section(path: Path) -> str:
    text = path.read_text()
    return text[text.index("-- +up\n") + len("-- +up\n"): text.index("-- +down\n")]


# --- forge baseline --------------------------------------------------------------------------------


def test_import_baseline_then_generate_holds_only_the_new_change(project):
    run_sql(project.db_url, HAND_MADE)
    run_sql(project.db_url, "INSERT INTO post (title) VALUES ('kept')")
    dump = pg_dump_schema(project.db_url)
    res = ok(project.forge("baseline"))  # the schema directory is empty: the YAML is imported first
    path = last_path(res)
    assert sorted(p.name for p in (project.root / "migrations").iterdir()) == [path.name, manifest.SUM_FILE]
    mig = files.parse(path)
    assert mig.baseline and mig.name == "baseline" and mig.folds == ()
    assert "-- +baseline\n\n-- +up\n" in path.read_text()
    assert mig.up == (
        'CREATE TABLE "public"."post" (\n  "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,\n'
        '  "title" text NOT NULL,\n  CONSTRAINT "post_pkey" PRIMARY KEY ("id")\n)',
    ), mig.up
    assert history_rows(project.db_url) == [(mig.version, "baseline", "baseline", mig.checksum, None)]
    assert pg_dump_schema(project.db_url) == dump  # recorded, not run
    assert query(project.db_url, "SELECT title FROM post") == [("kept",)]
    assert manifest.verify(project.root / "migrations") == []
    assert sorted(str(p.relative_to(project.root)) for p in (project.root / "schema").rglob("*")) == ["schema/post.yaml"]

    project.schema(POST_DESC)
    new = files.parse(last_path(ok(project.forge("generate", "add_description"))))
    assert new.up == ('ALTER TABLE "public"."post" ADD COLUMN "description" text',)
    assert new.down == ('ALTER TABLE "public"."post" DROP COLUMN "description"',)
    ok(project.forge("apply"))
    assert [r[0] for r in history_rows(project.db_url)] == [mig.version, new.version]
    assert states(status(project)) == [("baseline", "applied"), ("add_description", "applied")]
    ok(project.forge("check"))  # the baseline replayed on a scratch database gives the schema too


def test_sync_then_baseline_then_generate(project):
    """Item 6: a database made with `forge sync` starts its migration history with `forge baseline`."""
    project.schema(POST)
    ok(project.forge("sync"))
    res = project.forge("generate", "first")  # what the issue describes: against the target, nothing to do
    assert res.exit_code == 0 and "no changes" in res.output
    assert list((project.root / "migrations").glob("*.sql")) == []
    mig = files.parse(last_path(ok(project.forge("baseline"))))
    assert (project.root / "schema" / "app.yaml").read_text() == POST.lstrip("\n")  # the YAML was used as it is
    assert history_rows(project.db_url) == [(mig.version, "baseline", "baseline", mig.checksum, None)]
    doc = status(project)
    assert states(doc) == [("baseline", "applied")] and doc["drift"] == {"in_sync": True, "changes": []}
    assert doc["migrations"][0]["kind"] == "baseline"
    assert "baseline (baseline)" in ok(project.forge("status")).stdout

    project.schema(POST_DESC)
    from_files = files.parse(last_path(ok(project.forge("generate", "add_description", "--from-migrations"))))
    assert from_files.up == ('ALTER TABLE "public"."post" ADD COLUMN "description" text',)
    ok(project.forge("apply"))
    assert [r[0] for r in history_rows(project.db_url)] == [mig.version, from_files.version]
    project.schema(POST_DESC_SLUG)
    refused = project.forge("sync", "--allow-destructive")  # the database is under migrations now
    assert refused.exit_code == 1 and "refusing to sync a database that has migration history" in refused.output


def test_baseline_refuses_a_database_with_history(project):
    project.schema(POST)
    ok(project.forge("generate", "init"))
    ok(project.forge("apply"))
    before = sorted(p.name for p in (project.root / "migrations").iterdir())
    res = project.forge("baseline")
    assert res.exit_code == 1
    assert "already holds 1 migration(s)" in res.output and "forge squash --to VERSION" in res.output
    for p in (project.root / "migrations").iterdir():  # a new checkout without the files
        p.unlink()
    res = project.forge("baseline")
    assert res.exit_code == 1, res.output
    assert "the database already has a migration history (1 applied, latest" in res.output
    assert "Traceback" not in res.output
    assert list((project.root / "migrations").iterdir()) == []
    assert len(before) == 2


def test_baseline_refuses_when_the_yaml_differs_and_shows_the_plan(project):
    run_sql(project.db_url, HAND_MADE)
    project.schema(POST_DESC)
    res = project.forge("baseline")
    assert res.exit_code == 1
    assert "the YAML and the database differ" in res.output
    assert res.output == (
        "error: the YAML and the database differ, so a baseline of the YAML would not describe the database:\n"
        "  + add column description text\n"
        "  hint: make them agree first: edit the YAML to match the database (a YAML that forge import wrote is "
        "written again from the database by `forge baseline --import`)\n")
    assert list((project.root / "migrations").iterdir()) == []
    assert query(project.db_url, "SELECT to_regclass('schemaforge.migrations')") == [(None,)]


def test_baseline_import_refuses_beside_hand_written_yaml(project):
    run_sql(project.db_url, HAND_MADE)
    project.schema(POST)
    res = project.forge("baseline", "--import")
    assert res.exit_code == 1
    assert "error: schema/app.yaml was not written by forge import: --import would write the YAML beside it" \
        in res.output
    assert sorted(p.name for p in (project.root / "schema").iterdir()) == ["app.yaml"]
    assert list((project.root / "migrations").iterdir()) == []


def test_baseline_names_what_it_leaves_out(project):
    run_sql(project.db_url, HAND_MADE + '; CREATE RULE "own" AS ON DELETE TO post DO INSTEAD NOTHING')
    res = ok(project.forge("baseline"))
    assert ("warning: not in the baseline (schemaforge does not manage it; a fresh database applying the baseline "
            "will not have it): rule own on public.post") in res.stderr, res.output
    assert "RULE" not in files.parse(last_path(res)).path.read_text()


def test_baseline_refuses_an_empty_database(project):
    project.schema("entities: {}\n")
    res = project.forge("baseline")
    assert res.exit_code == 1 and "nothing to baseline" in res.output, res.output
    assert list((project.root / "migrations").iterdir()) == []


def test_baseline_applies_on_a_fresh_database_and_its_rollback_is_gated(project, make_db):
    run_sql(project.db_url, HAND_MADE)
    mig = files.parse(last_path(ok(project.forge("baseline"))))
    fresh = make_db()
    env = {"DATABASE_URL": fresh}
    ok(project.forge("apply", env=env))
    assert pg_dump_schema(fresh) == pg_dump_schema(project.db_url)
    assert [r[:3] for r in history_rows(fresh)] == [(mig.version, "baseline", "baseline")]
    refused = project.forge("rollback", "--allow-destructive", env=env)
    assert refused.exit_code == 1
    assert (f"migration {mig.version}_baseline is a baseline: its down drops the whole schema it adopted "
            f"(every table, with its data)") in refused.output
    assert f"`forge rollback --to {mig.version}`" in refused.output
    assert "--include-baseline" in refused.output
    assert query(fresh, "SELECT to_regclass('public.post')::text") == [("post",)]
    ok(project.forge("rollback", "--allow-destructive", "--include-baseline", env=env))
    assert query(fresh, "SELECT to_regclass('public.post')") == [(None,)]
    assert history_rows(fresh) == []


# --- forge squash ----------------------------------------------------------------------------------


def _three_migrations(project) -> list[files.Migration]:
    out = []
    for yaml, name in ((POST, "init"), (POST_DESC, "add_description"), (POST_DESC_SLUG, "add_slug")):
        project.schema(yaml)
        out.append(files.parse(last_path(ok(project.forge("generate", name, "--from-migrations")))))
    return out


def test_squash_keeps_applied_databases_up_to_date_and_builds_fresh_ones(project, make_db):
    init, desc, slug = _three_migrations(project)
    a = project.db_url
    ok(project.forge("apply"))  # database A applied every old migration
    dump_a = pg_dump_schema(a)
    res = ok(project.forge("squash", "--to", desc.version))
    base = files.parse(last_path(res))
    assert (base.version, base.name, base.baseline) == (desc.version, "baseline", True)
    assert base.folds == (files.Folded(init.version, "init", init.checksum),
                          files.Folded(desc.version, "add_description", desc.checksum))
    assert f"-- +folds {init.filename} {init.checksum}\n-- +folds {desc.filename} {desc.checksum}\n" in \
        base.path.read_text()
    assert sorted(p.name for p in (project.root / "migrations").glob("*.sql")) == [base.filename, slug.filename]
    assert manifest.verify(project.root / "migrations") == []
    assert base.up == (
        'CREATE TABLE "public"."post" (\n  "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,\n'
        '  "title" text NOT NULL,\n  "description" text,\n  CONSTRAINT "post_pkey" PRIMARY KEY ("id")\n)',
    ), base.up

    doc = status(project)  # A: up to date, no pending, no missing, no modified
    assert states(doc) == [("init", "folded"), ("baseline", "applied"), ("add_slug", "applied")]
    assert doc["counts"] == {"applied": 2, "pending": 0, "partial": 0, "modified": 0, "missing": 0, "folded": 1}
    assert doc["migrations"][0]["note"] == f"folded into {base.filename} by forge squash"
    assert doc["drift"]["in_sync"] is True
    text = ok(project.forge("status", "--exit-code")).stdout
    assert "folded into" not in text and "in sync:" in text
    assert "nothing to apply" in ok(project.forge("apply")).output
    assert pg_dump_schema(a) == dump_a

    b = make_db()  # a fresh database applies the baseline, then what came after it
    ok(project.forge("apply", env={"DATABASE_URL": b}))
    assert pg_dump_schema(b) == dump_a
    with psycopg.connect(a) as ca, psycopg.connect(b) as cb:
        excl = ("schemaforge",)
        assert inspect_database(ca, None, exclude_schemas=excl) == inspect_database(cb, None, exclude_schemas=excl)
    assert [r[:3] for r in history_rows(b)] == [(base.version, "baseline", "baseline"),
                                               (slug.version, "add_slug", "migration")]
    assert states(status(project, b)) == [("baseline", "applied"), ("add_slug", "applied")]
    ok(project.forge("check"))


def test_squash_rollback_semantics(project, make_db):
    init, desc, slug = _three_migrations(project)
    a = project.db_url
    ok(project.forge("apply"))
    ok(project.forge("squash", "--to", desc.version))
    base = files.parse(sorted((project.root / "migrations").glob("*_baseline.sql"))[0])
    ok(project.forge("rollback", "--allow-destructive"))  # the migration after the baseline: as always
    assert [r[0] for r in history_rows(a)] == [init.version, desc.version]
    refused = project.forge("rollback", "--allow-destructive")
    assert refused.exit_code == 1
    assert (f"migration {desc.version}_add_description was folded into the baseline {base.filename} by "
            "`forge squash`") in refused.output
    assert [r[0] for r in history_rows(a)] == [init.version, desc.version]
    dry = project.forge("rollback", "--dry-run", "--to", "0")
    assert dry.exit_code == 0 and "folded into the baseline" in dry.output


def test_squash_refuses_a_database_between_folded_migrations(project, make_db):
    init, desc, _ = _three_migrations(project)
    c = make_db()
    ok(project.forge("apply", "--to", init.version, env={"DATABASE_URL": c}))
    ok(project.forge("squash", "--to", desc.version))
    res = project.forge("apply", env={"DATABASE_URL": c})
    assert res.exit_code == 1
    assert (f"{desc.version}_baseline.sql is a baseline that folds 2 earlier migration(s), and this database "
            f"applied only some of them ({init.filename})") in res.output
    assert [r[0] for r in history_rows(c)] == [init.version]


def test_squash_twice_keeps_the_first_folds(project):
    init, desc, slug = _three_migrations(project)
    ok(project.forge("apply"))
    first = files.parse(last_path(ok(project.forge("squash", "--to", desc.version, "--name", "b1"))))
    second = files.parse(last_path(ok(project.forge("squash", "--to", slug.version, "--name", "b2"))))
    assert second.folds == (*first.folds, files.Folded(first.version, "b1", first.checksum),
                            files.Folded(slug.version, "add_slug", slug.checksum))
    assert states(status(project)) == [("init", "folded"), ("add_description", "folded"), ("b2", "applied")]


def test_squash_refuses_data_statements_unless_asked(project):
    init, desc, _ = _three_migrations(project)
    seed = project.write("migrations/" + desc.filename, desc.path.read_text().replace(
        "-- +down", "INSERT INTO \"public\".\"post\" (title) VALUES ('hello');\n\n-- +down"))
    ok(project.forge("rehash"))
    res = project.forge("squash", "--to", desc.version)
    assert res.exit_code == 1
    assert f"  {seed.name}: INSERT INTO \"public\".\"post\" (title) VALUES ('hello')" in res.output
    assert sorted(p.name for p in (project.root / "migrations").glob("*.sql"))[:2] == [init.filename, desc.filename]
    ok(project.forge("squash", "--to", desc.version, "--drop-data-statements"))


def test_squash_refuses_objects_outside_the_model(project):
    init, desc, _ = _three_migrations(project)
    project.write("migrations/" + desc.filename, desc.path.read_text().replace(
        "-- +down", 'CREATE RULE "own" AS ON DELETE TO "public"."post" DO INSTEAD NOTHING;\n\n-- +down'))
    ok(project.forge("rehash"))
    res = project.forge("squash", "--to", desc.version)
    assert res.exit_code == 1
    assert ("error: the migrations to fold create objects schemaforge does not manage, which a baseline could not "
            "carry over: rule own on public.post") in res.output, res.output
    assert sorted(p.name for p in (project.root / "migrations").glob("*.sql"))[:2] == [init.filename, desc.filename]


def test_squash_needs_two_migrations(project):
    init, _, _ = _three_migrations(project)
    res = project.forge("squash", "--to", init.version)
    assert res.exit_code == 1 and "nothing to squash" in res.output
    res = project.forge("squash", "--to", "20000101000000")
    assert res.exit_code == 1 and "--to 20000101000000: no migration with that version" in res.output


# --- the file format -------------------------------------------------------------------------------


def test_folds_lines_round_trip_and_refuse_garbage(tmp_path):
    folds = (files.Folded("20250101000000", "init", "h1:abc="),)
    path = tmp_path / "20250102000000_baseline.sql"
    path.write_text(files.render("20250102000000", "baseline", ["CREATE TABLE t (a int)"], ["DROP TABLE t"],
                                 directives=("baseline",), folds=folds))
    mig = files.parse(path)
    assert mig.baseline and mig.folds == folds
    path.write_text("-- +folds 20250101000000_init.sql\n-- +up\nSELECT 1;\n")
    with pytest.raises(ForgeError, match=r":1: `-- \+folds 20250101000000_init.sql` is not `-- \+folds"):
        files.parse(path)
    path.write_text("-- +folds 20250101000000_init.sql h1:abc=\n-- +up\nSELECT 1;\n")
    with pytest.raises(ForgeError, match=r"`-- \+folds` lines without `-- \+baseline`"):
        files.parse(path)
