"""Online safety in deploys: lock_timeout with retries, NOT VALID constraints."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg

from tests.conftest import query

POST = """
entities:
  Post:
    columns:
      id: { type: bigint, primary: true, identity: always }
      title: { type: text }
"""


def test_apply_retries_after_lock_timeout(project):
    project.write("pyproject.toml", '[tool.schemaforge]\nlock_timeout = "200ms"\nlock_retries = 3\n')
    project.schema(POST)
    assert project.forge("generate", "init").exit_code == 0
    assert project.forge("apply").exit_code == 0
    project.schema(POST + "      body: { type: text, nullable: true }\n")
    assert project.forge("generate", "body").exit_code == 0

    blocker = psycopg.connect(project.db_url)
    blocker.execute("LOCK TABLE post IN ACCESS SHARE MODE")  # a long reader holds the table
    threading.Timer(1.5, blocker.rollback).start()
    started = time.monotonic()
    res = project.forge("apply")
    blocker.close()
    assert res.exit_code == 0, res.output
    assert "retrying" in res.stderr
    assert time.monotonic() - started >= 1.0
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migrations") == [(2,)]


def test_apply_gives_up_after_the_last_retry(project):
    project.write("pyproject.toml", '[tool.schemaforge]\nlock_timeout = "100ms"\nlock_retries = 1\n')
    project.schema(POST)
    assert project.forge("generate", "init").exit_code == 0
    assert project.forge("apply").exit_code == 0
    project.schema(POST + "      body: { type: text, nullable: true }\n")
    assert project.forge("generate", "body").exit_code == 0
    with psycopg.connect(project.db_url) as blocker:
        blocker.execute("LOCK TABLE post IN ACCESS SHARE MODE")
        res = project.forge("apply")
        blocker.rollback()
    assert res.exit_code == 1
    assert "lock timeout" in res.stderr.lower() or "canceling statement due to lock timeout" in res.stderr
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migrations") == [(1,)]


def test_foreign_key_on_existing_table_is_added_not_valid_then_validated(project):
    project.schema(POST + "  Tag:\n    columns:\n      id: { type: bigint, primary: true }\n"
                   "      post_id: { type: bigint, nullable: true }\n")
    assert project.forge("sync").exit_code == 0
    project.schema(POST + "  Tag:\n    columns:\n      id: { type: bigint, primary: true }\n"
                   "      post_id: { type: bigint, nullable: true, references: Post.id }\n")
    res = project.forge("plan", "--format", "sql")
    assert "NOT VALID;" in res.stdout and 'VALIDATE CONSTRAINT "tag_post_id_fkey"' in res.stdout


def test_index_on_existing_table_is_built_concurrently_in_a_step_of_its_own(project):
    project.schema(POST)
    assert project.forge("generate", "init").exit_code == 0
    assert project.forge("apply").exit_code == 0
    project.schema(POST + "      body: { type: text, nullable: true }\n    indexes:\n      - { columns: [title] }\n")
    res = project.forge("generate", "body")
    assert res.exit_code == 0, res.output
    [path] = res.stdout.strip().splitlines()  # one generate, one migration
    text = Path(path).read_text()
    up, down = text.split("-- +up\n")[1].split("-- +down\n")
    assert up == ('-- +step transaction\nALTER TABLE "public"."post" ADD COLUMN "body" text;\n\n'
                  '-- +step no-transaction\nCREATE INDEX CONCURRENTLY "post_title_idx" ON "public"."post" ("title");\n\n')
    assert down == ('-- +step no-transaction\nDROP INDEX CONCURRENTLY "public"."post_title_idx";\n\n'
                    '-- +step transaction\nALTER TABLE "public"."post" DROP COLUMN "body";\n')
    assert project.forge("apply").exit_code == 0
    assert query(project.db_url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'post_title_idx'::regclass") == [(True,)]
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migrations") == [(2,)]
    # the downs (one of them outside a transaction) are tried on a copy: only the column holds data
    res = project.forge("rollback")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[1] == "  - drops column public.post.body and its data (no row holds a value)"
    assert project.forge("rollback", "--allow-destructive").exit_code == 0
    assert query(project.db_url, "SELECT to_regclass('post_title_idx')") == [(None,)]
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migrations") == [(1,)]
    assert project.forge("plan", "--format", "json").exit_code == 0
