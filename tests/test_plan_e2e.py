"""The plan/sync story through the `forge` command, on real files and a real database.

For each object kind: YAML v1 → sync → YAML v2 → plan shows exactly the expected change →
sync → plan is empty → the plan's down SQL restores v1 exactly (compared by introspection
and by pg_dump).
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from schemaforge.migrations import files
from tests.conftest import pg_dump_schema, plan_json, query, run_sql, sync
from tests.pairs import execute, execute_steps, inspect_url


def story(project, v1: str, v2: str, expect: list[str], *, destructive: bool = False) -> dict:
    project.schema(v1)
    sync(project)
    assert plan_json(project)["changes"] == []
    before, dump_before = inspect_url(project.db_url), pg_dump_schema(project.db_url)
    project.schema(v2)
    doc = plan_json(project)
    assert [f"{c['symbol']} {c['description']}" for c in doc["changes"]] == expect, doc["up"]
    sync(project, *(["--allow-destructive"] if destructive else []))
    assert plan_json(project)["changes"] == [], "plan not empty after sync"
    execute_steps(project.db_url, doc["down_steps"])
    assert inspect_url(project.db_url) == before, "down did not restore v1:\n" + "\n".join(doc["down"])
    assert pg_dump_schema(project.db_url) == dump_before
    return doc


BASE = """
entities:
  Post:
    columns:
      id: { type: bigint, primary: true, identity: always }
      title: { type: varchar(200) }
"""


def test_seed_story_add_description_is_only_add_column(project):
    doc = story(
        project, BASE, BASE + "      description: { type: text, nullable: true }\n",
        ["+ add column description text"],
    )
    assert doc["up"] == ['ALTER TABLE "public"."post" ADD COLUMN "description" text']
    assert doc["down"] == ['ALTER TABLE "public"."post" DROP COLUMN "description"']


CASES = {
    "drop_column": (BASE + "      body: { type: text }\n", BASE, ["- drop column body"], True),
    "widen_type": (BASE, BASE.replace("varchar(200)", "varchar(300)"),
                   ["~ alter column title: type character varying(200) -> character varying(300)"], False),
    "nullable": (BASE, BASE.replace("varchar(200) }", "varchar(200), nullable: true }"),
                 ["~ alter column title: drop not null"], False),
    "default": (BASE, BASE.replace("varchar(200) }", "varchar(200), default: untitled }"),
                ["~ alter column title: default None -> 'untitled'::character varying"], False),
    "index": (BASE, BASE + "    indexes:\n      - { columns: [title], where: \"title <> ''\" }\n",
              ["+ create index post_title_idx"], False),
    "unique": (BASE, BASE + "    unique:\n      - [title]\n", ["+ add unique post_title_key using an index built concurrently"], False),
    "check": (BASE, BASE + "    checks:\n      title_not_empty: \"length(title) > 0\"\n",
              ["+ add check title_not_empty, not valid yet", "~ validate check title_not_empty"], False),
    "table_comment": (BASE, BASE.replace("  Post:\n", "  Post:\n    comment: All posts\n"),
                      ["~ set comment on table public.post"], False),
    "new_entity_with_relation": (
        BASE,
        BASE + "  Comment:\n    columns:\n      id: { type: bigint, primary: true, identity: always }\n"
        "    relations:\n      post: { type: many-to-one, target: Post, on_delete: cascade }\n",
        ["+ create table public.comment (2 columns)", "+ create index comment_post_id_idx",
         "+ add foreign key comment_post_id_fkey"], False),
    "enum_append": (
        "enums:\n  mood: [ok, sad]\n" + BASE + "      mood: { type: mood, default: ok }\n",
        "enums:\n  mood: [ok, sad, happy]\n" + BASE + "      mood: { type: mood, default: ok }\n",
        ["~ add value(s) happy to enum public.mood"], False),
    "drop_table": (BASE + "  Tag:\n    columns:\n      id: { type: integer, primary: true }\n", BASE,
                   ["- drop table public.tag"], True),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_change_kinds(project, name):
    v1, v2, expect, destructive = CASES[name]
    story(project, v1, v2, expect, destructive=destructive)


def test_destructive_sync_is_refused_without_consent(project):
    project.schema(BASE + "      body: { type: text }\n")
    sync(project)
    project.schema(BASE)
    res = project.forge("sync")
    assert res.exit_code == 1
    assert "destructive" in res.stderr and "public.post.body" in res.stderr
    assert "--allow-destructive" in res.stderr
    assert [r[0] for r in query(project.db_url, "SELECT column_name FROM information_schema.columns WHERE table_name='post'")].count("body") == 1


def server_version(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.info.server_version


def test_rename_column_keeps_data(project):
    project.schema(BASE)
    sync(project)
    run_sql(project.db_url, "INSERT INTO post (title) VALUES ('hello')")
    project.schema(BASE.replace("title: { type: varchar(200) }", "headline: { type: varchar(200), renamed_from: title }"))
    doc = plan_json(project)
    # on 18 the NOT NULL constraint keeps its old name through RENAME COLUMN: renamed too
    renamed_not_null = ["rename not-null constraint of headline to post_headline_not_null"
                        ] if server_version(project.db_url) >= 180000 else []
    assert [c["description"] for c in doc["changes"]] == ["rename column title to headline", *renamed_not_null]
    sync(project)
    assert query(project.db_url, "SELECT headline FROM post") == [("hello",)]
    assert plan_json(project)["changes"] == []


def test_rename_table_keeps_data_and_constraint_names(project):
    project.schema(BASE)
    sync(project)
    run_sql(project.db_url, "INSERT INTO post (title) VALUES ('hello')")
    project.schema(BASE.replace("  Post:\n", "  Article:\n    renamed_from: post\n"))
    doc = plan_json(project)
    # names PostgreSQL derived from the old table name are renamed too, so they stay exact
    # (the identity sequence; on 18 also the named NOT NULL constraints)
    renamed_not_nulls = [
        f"rename not-null constraint of {c} to article_{c}_not_null" for c in ("id", "title")
    ] if server_version(project.db_url) >= 180000 else []
    assert [c["description"] for c in doc["changes"]] == [
        "rename table public.post to article", "rename constraint post_pkey to article_pkey",
        *renamed_not_nulls, "alter column id: rename identity sequence to its default name"]
    sync(project)
    assert query(project.db_url, "SELECT title FROM article") == [("hello",)]
    assert plan_json(project)["changes"] == []


def test_spelling_of_defaults_and_checks_never_makes_a_diff(project):
    project.schema("""
        entities:
          Event:
            columns:
              id: { type: int8, primary: true }
              at: { type: timestamptz, default_sql: CURRENT_TIMESTAMP }
              kind: { type: varchar(20), default: "a" }
              n: { type: int, default: 0, check: "n >= 0" }
              flag: { type: bool, default: false }
            indexes:
              - { expressions: ["lower(kind)"], where: "n > 0" }
    """)
    sync(project)
    assert plan_json(project)["changes"] == []
    # the same database, described with other spellings
    project.schema("""
        entities:
          Event:
            columns:
              id: { type: bigint, primary: true }
              at: { type: timestamp with time zone, default_sql: now() }
              kind: { type: character varying(20), default_sql: "'a'::varchar" }
              n: { type: integer, default_sql: "(0)", check: "(n >= 0)" }
              flag: { type: boolean, default_sql: "FALSE" }
            indexes:
              - { expressions: ["LOWER(kind)"], where: "(n > 0)" }
    """)
    assert plan_json(project)["changes"] == []


def test_weird_identifiers_round_trip(project):
    story(
        project,
        BASE,
        BASE + """  Weird:
    table: 'User Table'
    columns:
      select: { type: integer, primary: true }
      "MixedCase": { type: text, nullable: true }
      'has "quote"': { type: text, nullable: true, unique: true }
    indexes:
      - { columns: [MixedCase] }
""",
        ["+ create table public.User Table (3 columns)", "+ create index User Table_MixedCase_idx"],
    )


def test_plan_formats(project):
    project.schema(BASE)
    res = project.forge("plan", "--format", "sql")
    assert res.exit_code == 0 and res.stdout.startswith('CREATE TABLE "public"."post"')
    res = project.forge("plan", "--format", "sql", "--down")
    assert res.stdout.strip() == 'DROP TABLE "public"."post";'
    res = project.forge("plan", "--detailed-exitcode")
    assert res.exit_code == 2 and "+ create table public.post" in res.stdout
    res = project.forge("plan", "--format", "markdown")
    assert "### schemaforge plan" in res.stdout and "```sql" in res.stdout
    sync(project)
    assert project.forge("plan", "--detailed-exitcode").exit_code == 0


def test_sync_refuses_production_environment(project):
    project.write("forge.datasource.yaml", f"""
        environments:
          prod: {{ url: "{project.db_url}", production: true }}
    """)
    project.schema(BASE)
    res = project.forge("sync", "--env", "prod")
    assert res.exit_code == 1 and "production" in res.stderr


def test_password_never_printed(project):
    project.schema(BASE)
    res = project.forge("plan", "--database-url", "postgresql://app:hunter2@127.0.0.1:1/nope")
    assert res.exit_code == 1
    assert "hunter2" not in res.output and "cannot connect" in res.stderr


REPO = __import__("pathlib").Path(__file__).resolve().parent.parent
SHIPPED = ["schema", "examples/blog/schema", "examples/shop/schema"]


@pytest.mark.parametrize("schema_dir", SHIPPED)
def test_shipped_schemas_plan_empty_after_sync(project, schema_dir):
    import shutil

    shutil.rmtree(project.root / "schema")
    shutil.copytree(REPO / schema_dir, project.root / "schema")
    shutil.copy(REPO / schema_dir / ".." / "pyproject.toml", project.root / "pyproject.toml")
    doc = plan_json(project)
    assert doc["summary"]["create"] > 0
    sync(project)
    assert plan_json(project)["changes"] == []
    # and the down script of the first plan takes the database back to empty
    execute(project.db_url, doc["down"])
    assert inspect_url(project.db_url).tables == ()


def test_new_enum_label_used_as_default_in_the_same_change(project):
    """ADD VALUE cannot be used in its own transaction: sync and generate keep them apart."""
    v1 = "enums:\n  mood: [ok, sad]\n" + BASE + "      mood: { type: mood, default: ok }\n"
    v2 = "enums:\n  mood: [ok, sad, happy]\n" + BASE + "      mood: { type: mood, default: happy }\n"
    project.schema(v1)
    sync(project)
    project.schema(v2)
    sync(project)
    assert plan_json(project)["changes"] == []
    assert query(project.db_url, "SELECT column_default FROM information_schema.columns WHERE column_name = 'mood'") \
        == [("'happy'::mood",)]


def test_generate_commits_new_enum_labels_in_a_first_step(project):
    v1 = "enums:\n  mood: [ok, sad]\n" + BASE + "      mood: { type: mood, default: ok }\n"
    v2 = "enums:\n  mood: [ok, sad, happy]\n" + BASE + "      mood: { type: mood, default: happy }\n"
    project.schema(v1)
    assert project.forge("generate", "init").exit_code == 0
    assert project.forge("apply").exit_code == 0
    project.schema(v2)
    res = project.forge("generate", "happy")
    assert res.exit_code == 0, res.output
    [path] = res.stdout.strip().splitlines()
    mig = files.parse(Path(path))
    assert [s.transaction for s in mig.up_steps] == [True, True]
    assert "ADD VALUE 'happy'" in mig.up_steps[0].statements[0]  # committed before the default uses it
    assert "SET DEFAULT 'happy'" in mig.up_steps[1].statements[0]
    assert project.forge("apply").exit_code == 0
    assert plan_json(project)["changes"] == []
    # the down removes the label again: destructive, so it needs consent like generate and sync
    assert project.forge("rollback", "--steps", "1", "--allow-destructive").exit_code == 0
    assert query(project.db_url, "SELECT enum_range(NULL::mood)::text") == [("{ok,sad}",)]
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migrations") == [(1,)]


def test_sql_postgres_rejects_is_named_without_traceback(project):
    project.schema(BASE + "      slug: { type: text, default_sql: no_such_function() }\n")
    res = project.forge("plan")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == (  # located at the fragment: tests/test_located_errors.py
        "schema/app.yaml:6:40: error: default_sql of column 'slug' calls a function that does not exist "
        "(PostgreSQL: function no_such_function() does not exist)")
    assert "Traceback" not in res.output
    assert query(project.db_url, "SELECT count(*) FROM pg_class WHERE relname = 'post'") == [(0,)]


def test_yaml_errors_come_first_and_the_read_ahead_never_holds_the_exit(project, monkeypatch):
    """``forge plan`` reads the target while the YAML loads (reading.prefetch_target). With both
    a YAML mistake and a server that never answers, the YAML's error is what the user sees, and
    the process does not wait for the connection attempt to time out."""
    import socket
    import time

    from schemaforge import reading

    started: list[str] = []
    real = reading.prefetch_target
    monkeypatch.setattr(reading, "prefetch_target",
                        lambda config, url, **kw: started.append(url) or real(config, url, **kw))
    silent = socket.socket()  # accepts nothing: a connect hangs until connect_timeout (10 s)
    silent.bind(("127.0.0.1", 0))
    silent.listen(0)
    port = silent.getsockname()[1]
    try:
        project.schema("entities:\n  Post:\n    columns:\n      id: {type: bigint, primary: yes please}\n")
        t0 = time.monotonic()
        res = project.forge("plan", "--database-url", f"postgresql://app:hunter2@127.0.0.1:{port}/nope")
        elapsed = time.monotonic() - t0
    finally:
        silent.close()
    assert started == [f"postgresql://app:hunter2@127.0.0.1:{port}/nope"]  # the read-ahead did start
    assert res.exit_code == 1 and "schema/app.yaml:4:35: error:" in res.stderr and "cannot connect" not in res.output
    assert elapsed < 9  # not the 10 s connect timeout: the reading thread is left behind


def test_under_the_forge_command_the_read_ahead_child_never_holds_the_exit(project):
    """The same through the ``forge`` command, whose read-ahead is a forked child
    (schemaforge.background): the child is stopped when the parent ends, and holds none of the
    caller's pipes open (``subprocess.run`` waits for their end)."""
    import os
    import socket
    import subprocess
    import sys

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(0)
    port = silent.getsockname()[1]
    project.schema("entities:\n  Post:\n    columns:\n      id: {type: bigint, primary: yes please}\n")
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
           "DATABASE_URL": f"postgresql://app:hunter2@127.0.0.1:{port}/nope"}
    try:
        res = subprocess.run([sys.executable, "-m", "schemaforge", "plan"], cwd=project.root, env=env,
                             capture_output=True, text=True, timeout=9)  # under the 10 s connect timeout
    finally:
        silent.close()
    assert res.returncode == 1 and "schema/app.yaml:4:35: error:" in res.stderr
    assert "cannot connect" not in res.stderr + res.stdout and "hunter2" not in res.stderr + res.stdout


def test_the_read_ahead_model_is_the_plan_s(project):
    """A plan through the read-ahead path shows exactly what the database lacks."""
    project.schema(BASE)
    res = project.forge("plan", "--format", "sql")
    assert res.exit_code == 0 and res.stdout.startswith('CREATE TABLE "public"."post"')


VIEW_V1 = BASE + """views:
  titles:
    sql: SELECT id, title AS heading FROM post
    columns:
      heading: { comment: "it's the title" }
      id: { comment: goes }
"""


def test_view_column_comments_story(project):
    """A view's column comments from the YAML: changed and removed in place (the view stays),
    then kept across a new query that drops and creates the view again."""
    v2 = VIEW_V1.replace("it's the title", "a heading; -- $$").replace("      id: { comment: goes }\n", "")
    doc = story(project, VIEW_V1, v2, ["~ set comment on column heading of view public.titles",
                                        "~ remove comment on column id of view public.titles"])
    assert doc["up"] == ['COMMENT ON COLUMN "public"."titles"."heading" IS \'a heading; -- $$\'',
                         'COMMENT ON COLUMN "public"."titles"."id" IS NULL']
    assert doc["down"] == ['COMMENT ON COLUMN "public"."titles"."id" IS \'goes\'',
                           'COMMENT ON COLUMN "public"."titles"."heading" IS \'it\'\'s the title\'']
    v3 = v2.replace("SELECT id, title AS heading", "SELECT id, upper(title) AS heading")
    doc = story(project, v2, v3, ["- drop view public.titles", "+ create view public.titles"])
    assert doc["up"][-1] == 'COMMENT ON COLUMN "public"."titles"."heading" IS \'a heading; -- $$\''
    assert doc["down"][-1] == 'COMMENT ON COLUMN "public"."titles"."heading" IS \'a heading; -- $$\''
    assert query(project.db_url, "SELECT col_description('titles'::regclass, 1), col_description('titles'::regclass, 2)") \
        == [(None, "a heading; -- $$")]


def test_a_plan_compares_each_table_pair_once(project):
    """Settling the target and diffing both ask whether each table equals its counterpart
    (``model.Same``): a plan of three tables, one changed, compares the two unchanged pairs
    once each, and the changed one as read and again as settled (a new object), and finds the
    one change. Without the shared answers every pair is compared twice."""
    from schemaforge.config import load_config
    from schemaforge.entities import load_schema
    from schemaforge.model import Table
    from schemaforge.planner import plan_against

    three = "entities:\n" + "".join(
        f"  {n}:\n    columns:\n      id: {{ type: bigint, primary: true }}\n      v: {{ type: {t} }}\n"
        for n, t in (("A", "text"), ("B", "text"), ("C", "integer")))
    run_sql(project.db_url, "CREATE TABLE a (id bigint PRIMARY KEY, v text NOT NULL);"
                            "CREATE TABLE b (id bigint PRIMARY KEY, v text NOT NULL);"
                            "CREATE TABLE c (id bigint PRIMARY KEY, v text NOT NULL);")
    project.schema(three)
    config = load_config(schema_dir=str(project.root / "schema"), migrations_dir=str(project.root / "migrations"))
    desired = load_schema(config.schema_dir, config.default_schema)
    asked: list[str] = []
    real = Table.__eq__

    def counted(self, other):
        asked.append(self.name)
        return real(self, other)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Table, "__eq__", counted)
        plan, _, _ = plan_against(config, project.db_url, desired)
    assert [(c.subject, c.describe()) for c in plan.changes] == [("table public.c", "alter column v: type text -> integer")]
    assert sorted(asked) == ["a", "b", "c", "c"]
