"""Lock-safe by default: the online form of changes to existing tables (issue 12).

For each of: a check or foreign key (``NOT VALID``, then ``VALIDATE`` in the next step), a
``SET NOT NULL`` (through a validated helper check), a unique or primary key (its index built
``CONCURRENTLY``, then attached ``USING INDEX``), the exact statements and step boundaries;
up then down restores the schema (our inspection and pg_dump); the plan is empty after apply.
A concurrent INSERT is shown not to wait on the validation step, and to wait on the plain form.
"""

from __future__ import annotations

import json

from tests.conftest import ok
from tests.pairs import roundtrip

BASE = """
CREATE TABLE author (id bigint PRIMARY KEY, email text);
CREATE TABLE post (id bigint NOT NULL, author_id bigint, title text, score int);
INSERT INTO author VALUES (1, 'a@x'), (2, 'b@x');
INSERT INTO post VALUES (1, 1, 'one', 3), (2, 2, 'two', 5);
"""


def steps(plan, direction="up"):
    return [(s.transaction, list(s.statements)) for s in getattr(plan, f"{direction}_steps")]


def test_foreign_key_and_check_are_validated_in_the_next_step(make_db):
    desired = BASE.replace("author_id bigint,", "author_id bigint REFERENCES author (id),").replace(
        "score int)", "score int CONSTRAINT post_score_check CHECK (score > 0))")
    plan = roundtrip(make_db, BASE, desired)
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
    plan = roundtrip(make_db, BASE, desired)
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
    plan = roundtrip(make_db, BASE, desired)
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
    lines = ok(project.forge("plan")).stdout.splitlines()
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
