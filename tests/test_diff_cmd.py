"""``forge diff SRC DST`` between YAML, databases and migrations, and ``forge inspect`` (live schema as YAML)."""

from __future__ import annotations

import json
import re

import pytest

from schemaforge.compare import DATABASE, MIGRATIONS, YAML, Source, parse_source, stream, unstream
from schemaforge.errors import ForgeError
from tests.conftest import ok, query, run_sql

ANSI = re.compile(r"\x1b\[[0-9;]*m")

SCHEMA = """
entities:
  Author:
    columns:
      id: { type: bigint, primary: true, identity: always }
      name: { type: text }
"""

SCHEMA_V2 = """
entities:
  Author:
    columns:
      id: { type: bigint, primary: true, identity: always }
      name: { type: text }
      email: { type: text, nullable: true }
"""


# --- the syntax of a source -----------------------------------------------------------------------


def test_sources_are_parsed_by_prefix_url_or_directory_contents(tmp_path):
    (tmp_path / "ents").mkdir()
    (tmp_path / "ents" / "a.yaml").write_text("entities: {}\n")
    (tmp_path / "migs").mkdir()
    (tmp_path / "migs" / "schemaforge.sum").write_text("")
    (tmp_path / "empty").mkdir()
    assert [parse_source(s, tmp_path) for s in (
        "yaml:ents", "migrations:empty", "ents", "migs", "db", "env:prod", "postgresql://u@h/d", "postgres://h/d",
        "db:host=h dbname=d", "host=h dbname=d",
    )] == [
        Source(YAML, "ents"), Source(MIGRATIONS, "empty"), Source(YAML, "ents"), Source(MIGRATIONS, "migs"),
        Source(DATABASE, ""), Source(DATABASE, "", env="prod"), Source(DATABASE, "postgresql://u@h/d"),
        Source(DATABASE, "postgres://h/d"), Source(DATABASE, "host=h dbname=d"),
        Source(DATABASE, "host=h dbname=d"),
    ]


@pytest.mark.parametrize(("spec", "message", "hint"), [
    ("empty", "directory empty holds neither YAML entity files nor migrations",
     "say which it is: yaml:empty or migrations:empty"),
    ("nowhere", "'nowhere' is not a schema source (no such directory, and not a database URL)",
     "write yaml:DIR, migrations:DIR, db (the configured target), env:NAME, or a postgresql:// URL; "
     "see `forge diff --help`"),
    ("yaml:nowhere", "yaml directory nowhere does not exist",
     "write yaml:DIR, migrations:DIR, db (the configured target), env:NAME, or a postgresql:// URL; "
     "see `forge diff --help`"),
    ("env:", "'env:' names no environment", "write env:NAME, NAME an environment of forge.datasource.yaml"),
])
def test_an_unclear_source_is_an_error_saying_how_to_write_it(tmp_path, spec, message, hint):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ForgeError) as exc:
        parse_source(spec, tmp_path)
    assert (exc.value.message, exc.value.hint) == (message, hint)


def test_stream_splits_back_into_the_same_files():
    files = {"b.yaml": "entities: {}\n", "a.yaml": "# x\nenums: {}\n", "f.sql": "select 1;\n---\n"}
    text = stream(files)
    assert text == "# file: a.yaml\n# x\nenums: {}\n---\n# file: b.yaml\nentities: {}\n---\n# file: f.sql\nselect 1;\n---\n"
    assert unstream(text) == files


# --- forge diff -----------------------------------------------------------------------------------


def test_diff_db_to_yaml_is_the_plan(project):
    project.schema(SCHEMA)
    ok(project.forge("sync"))
    project.schema(SCHEMA_V2)
    plan = ok(project.forge("plan"))
    diff = ok(project.forge("diff", "db", "yaml:schema"))
    assert diff.stdout == plan.stdout
    assert diff.stderr == "diff: db → yaml:schema\n"
    assert ok(project.forge("diff", "db", "schema", "--format", "sql")).stdout == (
        'ALTER TABLE "public"."author" ADD COLUMN "email" text;\n')
    assert ok(project.forge("diff", "yaml:schema", "db", "--format", "sql")).stdout == (
        'ALTER TABLE "public"."author" DROP COLUMN "email";\n')
    assert project.forge("diff", "db", "schema", "--detailed-exitcode").exit_code == 2


def test_diff_migrations_to_yaml_and_to_the_database(project):
    project.schema(SCHEMA)
    ok(project.forge("generate", "init", "--from-migrations"))
    ok(project.forge("apply"))
    res = ok(project.forge("diff", "migrations:migrations", "yaml:schema", "--detailed-exitcode"))
    assert res.stdout == "✓ No differences: migrations:migrations and yaml:schema hold the same schema.\n"
    res = ok(project.forge("diff", "migrations", project.db_url))
    assert res.stdout == f"✓ No differences: migrations:migrations and {project.db_url} hold the same schema.\n"
    project.schema(SCHEMA_V2)
    doc = json.loads(ok(project.forge("diff", "migrations:migrations", "yaml:schema", "--format", "json")).stdout)
    assert [c["description"] for c in doc["changes"]] == ["add column email text"]
    assert doc["up"] == ['ALTER TABLE "public"."author" ADD COLUMN "email" text']


def test_diff_between_two_databases(project, make_db):
    a, b = make_db(), make_db()
    run_sql(a, "CREATE TABLE t (id int PRIMARY KEY)")
    run_sql(b, "CREATE TABLE t (id int PRIMARY KEY, note varchar(20)); CREATE INDEX t_note_idx ON t (note)")
    res = ok(project.forge("diff", a, b, "--format", "sql"))
    assert res.stdout == (
        '-- step 1 of 2: in a transaction\nBEGIN;\nALTER TABLE "public"."t" ADD COLUMN "note" character varying(20);\n'
        'COMMIT;\n\n-- step 2 of 2: no transaction\nCREATE INDEX CONCURRENTLY "t_note_idx" ON "public"."t" ("note");\n')
    res = ok(project.forge("diff", a, b, "--format", "sql", "--down"))
    assert res.stdout == (
        '-- step 1 of 2: no transaction\nDROP INDEX CONCURRENTLY "public"."t_note_idx";\n\n'
        '-- step 2 of 2: in a transaction\nBEGIN;\nALTER TABLE "public"."t" DROP COLUMN "note";\nCOMMIT;\n')
    assert ok(project.forge("diff", a, f"db:{a}")).stdout == f"✓ No differences: {a} and {a} hold the same schema.\n"


def test_diff_never_prints_a_password(project):
    url = "postgresql://someone:Pw-d1ff-s3cret@127.0.0.1:1/nowhere"
    res = project.forge("diff", url, "yaml:schema")
    assert res.exit_code == 1
    assert "Pw-d1ff-s3cret" not in res.output
    lines = res.stderr.splitlines()
    assert lines[0] == "diff: postgresql://someone:***@127.0.0.1:1/nowhere → yaml:schema"
    assert lines[1].startswith("error: cannot connect to postgresql://someone:***@127.0.0.1:1/nowhere")
    assert not (project.root / ".forge").exists()  # nothing started for a database that is not there


def test_diff_reports_a_bad_source_without_a_traceback(project):
    res = project.forge("diff", "nowhere", "yaml:schema")
    assert (res.exit_code, res.stdout) == (1, "")
    assert res.stderr == (
        "error: 'nowhere' is not a schema source (no such directory, and not a database URL)\n"
        "  hint: write yaml:DIR, migrations:DIR, db (the configured target), env:NAME, or a postgresql:// URL; "
        "see `forge diff --help`\n")


# --- forge inspect --------------------------------------------------------------------------------


def test_inspect_prints_the_schema_as_yaml_that_loads_back(project):
    run_sql(project.db_url, "CREATE TYPE mood AS ENUM ('ok', 'meh'); "
                            "CREATE TABLE person (id bigint PRIMARY KEY, name text NOT NULL, m mood); "
                            "CREATE SCHEMA audit; CREATE TABLE audit.log (at timestamptz DEFAULT now())")
    res = ok(project.forge("inspect"))
    files = unstream(res.stdout)
    assert sorted(files) == ["audit.yaml", "public.yaml"]
    body = files["public.yaml"].split("\n", 2)[2]  # after the modeline and the import marker
    assert body == (
        "enums:\n  mood: [ok, meh]\n"
        "entities:\n  Person:\n    columns:\n      id: {type: bigint, primary: true}\n"
        "      name: {type: text}\n      m: {type: mood, nullable: true}\n")
    # the printed files are the YAML of the schema: planned against the same database, nothing changes
    for name, text in files.items():
        project.write(f"schema/{name}", text)
    assert ok(project.forge("plan")).stdout == "✓ No changes: the database matches the schema.\n"
    assert ok(project.forge("inspect", "--schema-name", "audit")).stdout == res.stdout.split("---\n")[0]


@pytest.mark.parametrize("colour", [False, True])
def test_diff_and_inspect_print_hostile_names_as_they_are(project, colour):
    env = {"NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm"} if colour else {}
    run_sql(project.db_url, 'CREATE TABLE "[bold]t[/]" (id int PRIMARY KEY); COMMENT ON TABLE "[bold]t[/]" IS \'[red]c\'')
    project.schema("entities: {}\n")
    res = ok(project.forge("diff", "db", "yaml:schema", env=env))
    assert ("\x1b[" in res.stdout) == colour
    assert ANSI.sub("", res.stdout).splitlines()[:4] == [
        "Plan: 0 to create, 0 to change, 1 to drop (1 hazard)", "", "table public.[bold]t[/]",
        "  - drop table public.[bold]t[/]  [ACCESS EXCLUSIVE]"]
    res = ok(project.forge("inspect", env=env))
    assert "\n  BoldT:\n    table: '[bold]t[/]'\n    comment: '[red]c'\n" in res.stdout
    assert "\x1b[" not in res.stdout  # YAML on stdout is never styled


def test_rename_hints_count_on_the_destination_side_only(project):
    project.schema(SCHEMA)
    ok(project.forge("sync"))
    project.schema(SCHEMA.replace("  Author:\n", "  Writer:\n    renamed_from: author\n")
                   .replace("name: { type: text }", "full_name: { type: text, renamed_from: name }"))
    named_not_null = int(query(project.db_url, "SHOW server_version_num")[0][0]) >= 180000
    assert ok(project.forge("diff", "db", "yaml:schema", "--format", "sql")).stdout == (
        'ALTER TABLE "public"."author" RENAME TO "writer";\n'
        'ALTER TABLE "public"."writer" RENAME COLUMN "name" TO "full_name";\n'
        'ALTER TABLE "public"."writer" RENAME CONSTRAINT "author_pkey" TO "writer_pkey";\n'
        + ('ALTER TABLE "public"."writer" RENAME CONSTRAINT "author_id_not_null" TO "writer_id_not_null";\n'
           'ALTER TABLE "public"."writer" RENAME CONSTRAINT "author_name_not_null" TO "writer_full_name_not_null";\n'
           if named_not_null else "")  # PostgreSQL 18 names NOT NULL constraints
        + 'ALTER SEQUENCE "public"."author_id_seq" RENAME TO "writer_id_seq";\n')
    ok(project.forge("sync"))
    res = ok(project.forge("diff", "yaml:schema", "db"))
    assert res.stdout == "✓ No differences: yaml:schema and db hold the same schema.\n"
