"""Lock-safe by default: the online form of changes to existing tables (issue 12).

For each of: a check or foreign key (``NOT VALID``, then ``VALIDATE`` in the next step), a
``SET NOT NULL`` (through a validated helper check), a unique or primary key (its index built
``CONCURRENTLY``, then attached ``USING INDEX``), the exact statements and step boundaries;
up then down restores the schema (our inspection and pg_dump); the plan is empty after apply.
A concurrent INSERT is shown not to wait on the validation step, and to wait on the plain form.
"""

from __future__ import annotations

import json
import threading
import time

import psycopg

from schemaforge.migrations import files
from schemaforge.planner import build_plan
from tests.conftest import ok, pg_dump_schema, query, run_sql
from tests.pairs import execute_steps, inspect_url, roundtrip

BASE = """
CREATE TABLE author (id bigint PRIMARY KEY, email text);
CREATE TABLE post (id bigint NOT NULL, author_id bigint, title text, score int);
INSERT INTO author VALUES (1, 'a@x'), (2, 'b@x');
INSERT INTO post VALUES (1, 1, 'one', 3), (2, 2, 'two', 5);
"""


def online_roundtrip(make_db, current_sql: str, desired_sql: str):
    """:func:`tests.pairs.roundtrip` (up reaches desired by inspection and pg_dump, the plan is
    then empty, down restores current by inspection), and down restores current by pg_dump too."""
    reference = make_db()
    run_sql(reference, current_sql)
    urls: list[str] = []

    def made() -> str:
        urls.append(make_db())
        return urls[-1]

    plan = roundtrip(made, current_sql, desired_sql)
    assert pg_dump_schema(urls[0]) == pg_dump_schema(reference), "down did not restore current:\n" + "\n".join(plan.down)
    return plan


def steps(plan, direction="up"):
    return [(s.transaction, list(s.statements)) for s in getattr(plan, f"{direction}_steps")]


def test_foreign_key_and_check_are_validated_in_the_next_step(make_db):
    desired = BASE.replace("author_id bigint,", "author_id bigint REFERENCES author (id),").replace(
        "score int)", "score int CONSTRAINT post_score_check CHECK (score > 0))")
    plan = online_roundtrip(make_db, BASE, desired)
    assert steps(plan) == [
        (True, ['ALTER TABLE "public"."post" ADD CONSTRAINT "post_score_check" CHECK ((score > 0)) NOT VALID',
                'ALTER TABLE "public"."post" ADD CONSTRAINT "post_author_id_fkey" FOREIGN KEY ("author_id") '
                'REFERENCES "public"."author" ("id") NOT VALID']),
        (True, ['ALTER TABLE "public"."post" VALIDATE CONSTRAINT "post_score_check"',
                'ALTER TABLE "public"."post" VALIDATE CONSTRAINT "post_author_id_fkey"']),
    ]
    assert steps(plan, "down") == [
        (True, ["SELECT 'nothing to undo: validation of post_author_id_fkey'",
                "SELECT 'nothing to undo: validation of post_score_check'"]),
        (True, ['ALTER TABLE "public"."post" DROP CONSTRAINT "post_author_id_fkey"',
                'ALTER TABLE "public"."post" DROP CONSTRAINT "post_score_check"']),
    ]


def test_set_not_null_goes_through_a_validated_check(make_db):
    desired = BASE.replace("title text", "title text NOT NULL")
    plan = online_roundtrip(make_db, BASE, desired)
    assert steps(plan) == [
        (True, ['ALTER TABLE "public"."post" ADD CONSTRAINT "post_title_not_null_check" CHECK ("title" IS NOT NULL) '
                'NOT VALID']),
        (True, ['ALTER TABLE "public"."post" VALIDATE CONSTRAINT "post_title_not_null_check"']),
        (True, ['ALTER TABLE "public"."post" ALTER COLUMN "title" SET NOT NULL',
                'ALTER TABLE "public"."post" DROP CONSTRAINT "post_title_not_null_check"']),
    ]
    assert steps(plan, "down") == [
        (True, ['ALTER TABLE "public"."post" ALTER COLUMN "title" DROP NOT NULL',
                'ALTER TABLE "public"."post" ADD CONSTRAINT "post_title_not_null_check" CHECK ("title" IS NOT NULL) '
                'NOT VALID']),
        (True, ["SELECT 'nothing to undo: validation of post_title_not_null_check'"]),
        (True, ['ALTER TABLE "public"."post" DROP CONSTRAINT "post_title_not_null_check"']),
    ]


def test_unique_and_primary_key_use_a_concurrently_built_index(make_db):
    desired = BASE.replace("id bigint NOT NULL,", "id bigint PRIMARY KEY,").replace(
        "score int)", "score int, CONSTRAINT post_title_key UNIQUE (title))")
    plan = online_roundtrip(make_db, BASE, desired)
    assert steps(plan) == [
        (False, ['CREATE UNIQUE INDEX CONCURRENTLY "post_pkey" ON "public"."post" ("id")',
                 'ALTER TABLE "public"."post" ADD CONSTRAINT "post_pkey" PRIMARY KEY USING INDEX "post_pkey"']),
        (False, ['CREATE UNIQUE INDEX CONCURRENTLY "post_title_key" ON "public"."post" ("title")',
                 'ALTER TABLE "public"."post" ADD CONSTRAINT "post_title_key" UNIQUE USING INDEX "post_title_key"']),
    ]
    assert steps(plan, "down") == [
        (False, ['ALTER TABLE "public"."post" DROP CONSTRAINT "post_title_key"']),
        (False, ['ALTER TABLE "public"."post" DROP CONSTRAINT "post_pkey"']),
    ]


# --- the plan shows what each statement locks, and whether it scans or rewrites ----------------

POST = """
entities:
  Author:
    columns:
      id: { type: bigint, primary: true }
  Post:
    columns:
      id: { type: bigint, primary: true }
      author_id: { type: bigint, nullable: true }
      title: { type: text, nullable: true }
"""
POST_V2 = """
entities:
  Author:
    columns:
      id: { type: bigint, primary: true }
  Post:
    columns:
      id: { type: bigint, primary: true }
      author_id: { type: bigint, nullable: true, references: Author.id }
      title: { type: text }
    indexes:
      - { columns: [title] }
"""


def test_plan_shows_the_lock_of_every_statement(project):
    project.schema(POST)
    ok(project.forge("sync"))
    project.schema(POST_V2)
    lines = ok(project.forge("plan", "--skip-preflight")).stdout.splitlines()
    assert lines[2:11] == [
        "table public.post",
        "  + add check post_title_not_null_check (title is not null), not valid yet  [ACCESS EXCLUSIVE]",
        "  + add foreign key post_author_id_fkey, not valid yet  [SHARE ROW EXCLUSIVE]",
        "  ~ validate not-null check post_title_not_null_check  [SHARE UPDATE EXCLUSIVE, scans]",
        "    ! post_title_not_null_check: existing rows of public.post must satisfy it (checked without blocking writes)",
        "  ~ validate foreign key post_author_id_fkey  [SHARE UPDATE EXCLUSIVE, scans]",
        "    ! post_author_id_fkey: existing rows of public.post must satisfy it (checked without blocking writes)",
        "  ~ set not null on title (proved by post_title_not_null_check, then dropped)  [ACCESS EXCLUSIVE] "
        "[ACCESS EXCLUSIVE]",
        "  + create index post_title_idx  [SHARE UPDATE EXCLUSIVE, scans]",
    ]
    doc = json.loads(ok(project.forge("plan", "--format", "json")).stdout)
    ae, sue = "ACCESS EXCLUSIVE", "SHARE UPDATE EXCLUSIVE"
    assert [step["locks"] for step in doc["up_steps"]] == [
        [{"lock": ae, "scans": False, "rewrites": False},
         {"lock": "SHARE ROW EXCLUSIVE", "scans": False, "rewrites": False}],
        [{"lock": sue, "scans": True, "rewrites": False}, {"lock": sue, "scans": True, "rewrites": False}],
        [{"lock": ae, "scans": False, "rewrites": False}, {"lock": ae, "scans": False, "rewrites": False}],
        [{"lock": sue, "scans": True, "rewrites": False}],
    ]
    assert [c["statement_locks"] for c in doc["changes"]][4] == [{"lock": ae, "scans": False, "rewrites": False}] * 2


def test_the_plain_form_shows_its_scans_under_strong_locks():
    """What ``forge sync`` runs: the same changes, each scan under the ALTER's own lock."""
    from schemaforge.model import (
        Check,
        Column,
        Database,
        ForeignKey,
        Index,
        IndexElement,
        QName,
        Table,
        Unique,
    )
    from schemaforge.planner import build_plan
    from schemaforge.render.locks import statement_lock

    author = Table("public", "author", (Column("id", "bigint", nullable=False),))
    cols = (Column("id", "bigint", nullable=False), Column("author_id", "bigint"), Column("title", "text"))
    post = Table("public", "post", cols)
    new = Table("public", "post", (cols[0], cols[1], Column("title", "text", nullable=False)),
                uniques=(Unique("post_title_key", ("title",)),), checks=(Check("post_id_check", "(id > 0)"),),
                foreign_keys=(ForeignKey("post_author_id_fkey", ("author_id",), QName("public", "author"), ("id",)),),
                indexes=(Index("post_author_id_idx", (IndexElement(column="author_id"),)),))
    plan = build_plan(Database(tables=(author, post)), Database(tables=(author, new)), online=False)
    assert [(s, statement_lock(s).marker()) for s in plan.up] == [
        ('ALTER TABLE "public"."post" ALTER COLUMN "title" SET NOT NULL', "ACCESS EXCLUSIVE, scans"),
        ('ALTER TABLE "public"."post" ADD CONSTRAINT "post_title_key" UNIQUE ("title")', "ACCESS EXCLUSIVE, scans"),
        ('ALTER TABLE "public"."post" ADD CONSTRAINT "post_id_check" CHECK ((id > 0))', "ACCESS EXCLUSIVE, scans"),
        ('CREATE INDEX "post_author_id_idx" ON "public"."post" ("author_id")', "SHARE, scans"),
        ('ALTER TABLE "public"."post" ADD CONSTRAINT "post_author_id_fkey" FOREIGN KEY ("author_id") '
         'REFERENCES "public"."author" ("id")', "SHARE ROW EXCLUSIVE, scans"),
    ]


# --- a write during the validation scan: not blocked online, blocked in the plain form ----------

# ``gate(id)`` waits on advisory lock 42 for row 1 only: the scan over the existing rows stops
# there for as long as the test holds the lock, while a new row (another id) passes at once.
GATE = """
CREATE FUNCTION gate(id bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF id = 1 THEN PERFORM pg_advisory_xact_lock_shared(42); END IF;
  RETURN true;
END $$;
CREATE TABLE t (id bigint PRIMARY KEY, v text);
"""


def gated_plan(make_db, *, online: bool):
    cur, des = make_db(), make_db()
    run_sql(cur, GATE + "INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g;")
    run_sql(des, GATE.replace("v text)", "v text, CONSTRAINT t_gate CHECK (gate(id)))"))
    return cur, build_plan(inspect_url(cur), inspect_url(des), online=online)


def wait_for(url: str, sql: str, params=()) -> list[tuple]:
    """Poll until ``sql`` returns rows (an observed state, not a guessed time); at most 30 s."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        rows = query(url, sql, params)
        if rows:
            return rows
        time.sleep(0.02)
    raise AssertionError(f"never observed: {sql}")


WAITING_ON_GATE = ("SELECT pid, query FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                   "AND wait_event = 'advisory' AND datname = current_database()")


def test_a_write_during_the_validation_step_is_not_blocked(make_db):
    url, plan = gated_plan(make_db, online=True)
    assert [s.statements for s in plan.up_steps] == [
        ('ALTER TABLE "public"."t" ADD CONSTRAINT "t_gate" CHECK (public.gate(id)) NOT VALID',),
        ('ALTER TABLE "public"."t" VALIDATE CONSTRAINT "t_gate"',)]
    with psycopg.connect(url, autocommit=True) as holder, psycopg.connect(url, autocommit=True) as app:
        holder.execute("SELECT pg_advisory_lock(42)")
        runner = threading.Thread(target=execute_steps, args=(url, plan.up_steps))
        runner.start()
        [(validating, text)] = wait_for(url, WAITING_ON_GATE)  # the scan is under way, stopped at row 1
        assert text == 'ALTER TABLE "public"."t" VALIDATE CONSTRAINT "t_gate"'
        assert query(url, "SELECT mode FROM pg_locks WHERE pid = %s AND relation = 't'::regclass AND granted",
                     (validating,)) == [("ShareUpdateExclusiveLock",)]
        app.execute("SET lock_timeout = '20s'")  # were it blocked, it would fail, not hang
        app.execute("INSERT INTO t VALUES (5000, 'written during validation')")
        app.execute("UPDATE t SET v = 'updated during validation' WHERE id = 2")
        assert wait_for(url, WAITING_ON_GATE) == [(validating, text)]  # still validating
        holder.execute("SELECT pg_advisory_unlock(42)")
        runner.join()
    assert query(url, "SELECT convalidated FROM pg_constraint WHERE conname = 't_gate'") == [(True,)]
    assert query(url, "SELECT v FROM t WHERE id IN (2, 5000) ORDER BY id") == [
        ("updated during validation",), ("written during validation",)]


def test_the_plain_form_blocks_a_write_for_the_whole_scan(make_db):
    url, plan = gated_plan(make_db, online=False)
    assert plan.up == ('ALTER TABLE "public"."t" ADD CONSTRAINT "t_gate" CHECK (public.gate(id))',)
    with psycopg.connect(url, autocommit=True) as holder, psycopg.connect(url, autocommit=True) as app:
        holder.execute("SELECT pg_advisory_lock(42)")
        runner = threading.Thread(target=execute_steps, args=(url, plan.up_steps))
        runner.start()
        wait_for(url, WAITING_ON_GATE)
        app_pid = app.info.backend_pid
        writer = threading.Thread(target=app.execute, args=("INSERT INTO t VALUES (5000, 'waits')",))
        writer.start()
        # observed: the INSERT waits for the ALTER's ACCESS EXCLUSIVE lock on t
        assert wait_for(url, "SELECT mode, granted FROM pg_locks WHERE pid = %s AND relation = 't'::regclass",
                        (app_pid,)) == [("RowExclusiveLock", False)]
        assert query(url, "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (app_pid,)) == [("Lock",)]
        holder.execute("SELECT pg_advisory_unlock(42)")
        runner.join()
        writer.join()
    assert query(url, "SELECT v FROM t WHERE id = 5000") == [("waits",)]


# --- generate, apply, plan empty, rollback: the migration as forge writes and runs it -------------

SHOP = """
entities:
  Account:
    columns:
      id: { type: bigint, primary: true }
  Item:
    columns:
      id: { type: bigint }
      account_id: { type: bigint, nullable: true }
      code: { type: text, nullable: true }
      amount: { type: integer, nullable: true }
"""
SHOP_V2 = """
entities:
  Account:
    columns:
      id: { type: bigint, primary: true }
  Item:
    columns:
      id: { type: bigint, primary: true }
      account_id: { type: bigint, nullable: true, references: Account.id }
      code: { type: text, unique: true, not_null_name: item_code_required }
      amount: { type: integer, nullable: true }
    checks:
      amount_positive: "amount > 0"
"""


def test_generated_online_migration_applies_and_rolls_back(project):
    from tests.test_onestep import generated, history, snapshot

    project.schema(SHOP)
    ok(project.forge("generate", "init"))
    ok(project.forge("apply"))
    run_sql(project.db_url, "INSERT INTO account VALUES (1); INSERT INTO item VALUES (1, 1, 'a', 5), (2, NULL, 'b', 7)")
    before = snapshot(project.db_url)
    project.schema(SHOP_V2)
    doc = json.loads(ok(project.forge("plan", "--format", "json")).stdout)
    path = generated(ok(project.forge("generate", "online")))
    assert [(s["transaction"], s["statements"]) for s in doc["up_steps"]] == [
        (s.transaction, list(s.statements)) for s in files.parse(path).up_steps]
    assert [s["transaction"] for s in doc["up_steps"]] == [True, True, True, False, False]
    ok(project.forge("apply"))
    assert json.loads(ok(project.forge("plan", "--format", "json")).stdout)["changes"] == []
    assert query(project.db_url, "SELECT conname FROM pg_constraint WHERE conrelid = 'item'::regclass "
                                 "AND conname LIKE '%%not_null_check%%'") == []
    if query(project.db_url, "SHOW server_version_num")[0][0] >= "180000":
        assert query(project.db_url, "SELECT conname FROM pg_constraint WHERE conrelid = 'item'::regclass "
                                     "AND contype = 'n' ORDER BY conname") == [("item_code_required",),
                                                                               ("item_id_not_null",)]
    ok(project.forge("rollback", "--steps", "1", "--allow-destructive"))
    assert history(project.db_url) == ["init"]
    assert snapshot(project.db_url) == before


def test_the_helper_check_takes_a_name_no_constraint_of_the_table_has():
    from schemaforge.model import Check, Column, Database, Table

    taken = Check("post_title_not_null_check", "(length(title) > 0)")
    old = Table("public", "post", (Column("id", "bigint", nullable=False), Column("title", "text")), checks=(taken,))
    new = Table("public", "post", (Column("id", "bigint", nullable=False), Column("title", "text", nullable=False)),
                checks=(taken,))
    plan = build_plan(Database(tables=(old,)), Database(tables=(new,)))
    assert plan.up == (
        'ALTER TABLE "public"."post" ADD CONSTRAINT "post_title_not_null_check1" CHECK ("title" IS NOT NULL) NOT VALID',
        'ALTER TABLE "public"."post" VALIDATE CONSTRAINT "post_title_not_null_check1"',
        'ALTER TABLE "public"."post" ALTER COLUMN "title" SET NOT NULL',
        'ALTER TABLE "public"."post" DROP CONSTRAINT "post_title_not_null_check1"',
    )


def test_a_key_attached_by_a_killed_run_is_recognised_as_done(db_url):
    """A run killed after ``ADD CONSTRAINT ... USING INDEX`` committed but before its progress
    was recorded: the resumed run must skip the statement, not fail on it."""
    from schemaforge.migrations.recovery import already_done

    attach = 'ALTER TABLE "public"."item" ADD CONSTRAINT "item_code_key" UNIQUE USING INDEX "item_code_key"'
    run_sql(db_url, "CREATE TABLE item (code text); CREATE UNIQUE INDEX item_code_key ON item (code)")
    with psycopg.connect(db_url, autocommit=True) as conn:
        assert already_done(conn, attach) is None
        conn.execute(attach)
        assert already_done(conn, attach) == "constraint item_code_key is attached"
