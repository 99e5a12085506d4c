"""Pre-flight data checks: each check fires on real rows that would break its statement and
stays quiet on rows that would not; ``forge plan`` shows them, ``forge apply`` stops on them
before it takes any lock.

Statements are the SQL our plans render (quoted, qualified); the rows are real, in the test's
own database.
"""

from __future__ import annotations

import json
import time

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemaforge.model import QName
from schemaforge.preflight import run
from schemaforge.preflight.findings import CLEAR, FOUND, NOT_CHECKED, TIMED_OUT, human_bytes
from schemaforge.preflight.queries import misfit
from schemaforge.preflight.statements import Spec, specs
from tests.conftest import ok, query, run_sql

T = '"public"."t"'


def counted(url: str, setup: str, *statements: str, timeout_ms: int = 5000) -> list[tuple[str, str, int | None]]:
    """(kind, status, count) of each finding for ``statements`` after ``setup``."""
    run_sql(url, setup)
    found = run(url, list(statements), timeout_ms=timeout_ms)
    return [(f.kind, f.status, f.count) for f in found.findings]


# --- NULLs before SET NOT NULL -----------------------------------------------------------------------

SET_NOT_NULL = f'ALTER TABLE {T} ALTER COLUMN "email" SET NOT NULL'


def test_nulls_fire_on_null_rows(db_url):
    setup = "CREATE TABLE t (id int, email text); INSERT INTO t VALUES (1, 'a'), (2, NULL), (3, NULL)"
    assert counted(db_url, setup, SET_NOT_NULL) == [("nulls", FOUND, 2)]


def test_nulls_quiet_without_null_rows(db_url):
    setup = "CREATE TABLE t (id int, email text); INSERT INTO t VALUES (1, 'a'), (2, 'b')"
    assert counted(db_url, setup, SET_NOT_NULL) == [("nulls", CLEAR, 0)]


# --- duplicates before a unique constraint or index -----------------------------------------------

ADD_UNIQUE = f'ALTER TABLE {T} ADD CONSTRAINT "t_email_key" UNIQUE ("email")'
UNIQUE_INDEX = f'CREATE UNIQUE INDEX CONCURRENTLY "t_a_b_idx" ON {T} ("a", "b")'


def test_duplicates_fire_on_repeated_values(db_url):
    setup = "CREATE TABLE t (email text); INSERT INTO t VALUES ('a'), ('a'), ('a'), ('b'), ('b'), ('c')"
    assert counted(db_url, setup, ADD_UNIQUE) == [("duplicates", FOUND, 2)]  # 'a' and 'b'


def test_duplicates_quiet_on_distinct_values_and_repeated_nulls(db_url):
    setup = "CREATE TABLE t (email text); INSERT INTO t VALUES ('a'), ('b'), (NULL), (NULL)"
    assert counted(db_url, setup, ADD_UNIQUE) == [("duplicates", CLEAR, 0)]


def test_duplicates_count_repeated_nulls_under_nulls_not_distinct(db_url):
    setup = "CREATE TABLE t (email text); INSERT INTO t VALUES ('a'), (NULL), (NULL)"
    stmt = f'ALTER TABLE {T} ADD CONSTRAINT "t_email_key" UNIQUE NULLS NOT DISTINCT ("email")'
    assert counted(db_url, setup, stmt) == [("duplicates", FOUND, 1)]


def test_unique_index_fires_on_repeated_pairs(db_url):
    setup = "CREATE TABLE t (a int, b int); INSERT INTO t VALUES (1, 1), (1, 1), (1, 2)"
    assert counted(db_url, setup, UNIQUE_INDEX) == [("duplicates", FOUND, 1)]


def test_unique_index_quiet_on_distinct_pairs(db_url):
    setup = "CREATE TABLE t (a int, b int); INSERT INTO t VALUES (1, 1), (1, 2), (2, 1)"
    assert counted(db_url, setup, UNIQUE_INDEX) == [("duplicates", CLEAR, 0)]


def test_primary_key_checks_nulls_and_duplicates(db_url):
    setup = "CREATE TABLE t (id int); INSERT INTO t VALUES (1), (1), (NULL)"
    stmt = f'ALTER TABLE {T} ADD CONSTRAINT "t_pkey" PRIMARY KEY ("id")'
    assert counted(db_url, setup, stmt) == [("nulls", FOUND, 1), ("duplicates", FOUND, 1)]


# --- orphans before a foreign key -------------------------------------------------------------------

ADD_FK = f'ALTER TABLE {T} ADD CONSTRAINT "t_p_fkey" FOREIGN KEY ("p_id") REFERENCES "public"."p" ("id") NOT VALID'
VALIDATE_FK = f'ALTER TABLE {T} VALIDATE CONSTRAINT "t_p_fkey"'  # the online form's later step
ORPHANS = ("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (p_id int); INSERT INTO p VALUES (1);"
           "INSERT INTO t VALUES (1), (2), (3), (NULL)")


def test_orphans_fire_on_rows_without_a_parent(db_url):
    assert counted(db_url, ORPHANS, ADD_FK, VALIDATE_FK) == [("orphans", FOUND, 2)]
    plain = ADD_FK.removesuffix(" NOT VALID")  # validated at once
    assert counted(db_url, "SELECT 1", plain) == [("orphans", FOUND, 2)]


def test_orphans_quiet_when_every_row_has_a_parent_or_null(db_url):
    setup = ("CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (p_id int); INSERT INTO p VALUES (1), (2);"
             "INSERT INTO t VALUES (1), (2), (NULL)")
    assert counted(db_url, setup, ADD_FK, VALIDATE_FK) == [("orphans", CLEAR, 0)]


def test_a_foreign_key_kept_not_valid_meets_its_orphans_without_a_check(db_url):
    """``valid: false`` in the YAML: the key is added NOT VALID and never validated, so the rows
    it does not match are kept on purpose and the statement succeeds: no check stops it. A
    VALIDATE of another constraint does not count."""
    other = f'ALTER TABLE {T} VALIDATE CONSTRAINT "t_other_fkey"'
    assert counted(db_url, ORPHANS, ADD_FK) == []
    assert counted(db_url, "SELECT 1", ADD_FK, other) == []
    run_sql(db_url, ADD_FK)  # and PostgreSQL agrees


# --- values that do not fit a narrowing type change -------------------------------------------------

def _type(column: str, type_: str) -> str:
    return f'ALTER TABLE {T} ALTER COLUMN "{column}" TYPE {type_}'


def test_length_fires_on_long_values(db_url):
    setup = "CREATE TABLE t (name text); INSERT INTO t VALUES ('abc'), ('abcd'), ('ab'), (NULL)"
    assert counted(db_url, setup, _type("name", "character varying(3)")) == [("misfit", FOUND, 1)]


def test_length_quiet_when_values_fit(db_url):
    setup = "CREATE TABLE t (name text); INSERT INTO t VALUES ('abc'), ('ab'), (NULL)"
    assert counted(db_url, setup, _type("name", "character varying(3)")) == [("misfit", CLEAR, 0)]


def test_integer_range_fires_on_big_values_and_rounding_on_fractions(db_url):
    setup = ("CREATE TABLE t (n bigint, x numeric); "
             "INSERT INTO t VALUES (3000000000, 1.5), (-3000000000, 40000), (7, 2.0)")
    assert counted(db_url, setup, _type("n", "integer"), _type("x", "smallint")) == [
        ("misfit", FOUND, 2), ("misfit", FOUND, 1), ("rounded", FOUND, 1)]  # bigint: nothing to round


def test_integer_range_quiet_when_values_fit(db_url):
    setup = "CREATE TABLE t (n bigint, x numeric); INSERT INTO t VALUES (2147483647, 1), (-2147483648, 32767)"
    assert counted(db_url, setup, _type("n", "integer"), _type("x", "smallint")) == [
        ("misfit", CLEAR, 0), ("misfit", CLEAR, 0), ("rounded", CLEAR, 0)]


def test_numeric_precision_fires_on_overflow_and_rounding(db_url):
    setup = "CREATE TABLE t (n numeric); INSERT INTO t VALUES (123.45), (1234.5), (999.996), (1.234), ('NaN')"
    assert counted(db_url, setup, _type("n", "numeric(5,2)")) == [("misfit", FOUND, 2), ("rounded", FOUND, 2)]


def test_numeric_precision_quiet_when_values_fit(db_url):
    setup = "CREATE TABLE t (n numeric); INSERT INTO t VALUES (123.45), (-999.99), (0.1), ('NaN')"
    assert counted(db_url, setup, _type("n", "numeric(5,2)")) == [("misfit", CLEAR, 0), ("rounded", CLEAR, 0)]


def test_rounded_values_are_reported_but_do_not_stop(db_url):
    """Rounding loses data (a narrowing change needs consent for that) but does not fail."""
    run_sql(db_url, "CREATE TABLE t (x numeric); INSERT INTO t VALUES (1.5)")
    found = run(db_url, [_type("x", "integer")])
    assert [(f.kind, f.status, f.stops) for f in found.findings] == [("misfit", CLEAR, False),
                                                                      ("rounded", FOUND, False)]
    assert found.firing == ()


@pytest.mark.parametrize("version", [150000, 160000])
def test_text_to_integer_fires_and_quiet_on_postgres_15_and_16(db_url, version):
    """PostgreSQL 15 has no pg_input_is_valid: the pattern and range fallback counts the same."""
    if version >= 160000 and query(db_url, "SHOW server_version_num")[0][0] < "160000":
        pytest.skip("pg_input_is_valid needs PostgreSQL 16")
    run_sql(db_url, "CREATE TABLE t (s text); INSERT INTO t VALUES ('42'), (' -7 '), ('12x'), ('99999999999'), "
                    "(''), (NULL)")
    where = misfit('"s"', ("int", 32), "S", version)
    assert ("pg_input_is_valid" in where) == (version >= 160000)
    assert query(db_url, f"SELECT s FROM t WHERE {where} ORDER BY s") == [("",), ("12x",), ("99999999999",)]
    run_sql(db_url, "DELETE FROM t WHERE s !~ '^ *-?[0-9]{1,3} *$'")
    assert query(db_url, f"SELECT count(*) FROM t WHERE {where}") == [(0,)]


def test_text_to_numeric_is_not_checked_before_postgres_16(db_url):
    assert misfit('"s"', ("numeric", 5, 2), "S", 150000) is None
    assert misfit('"s"', ("numeric", 5, 2), "S", 160000) == "NOT pg_input_is_valid(\"s\"::text, 'numeric(5,2)')"


def test_a_type_change_from_a_type_without_a_check_says_not_checked(db_url):
    setup = "CREATE TABLE t (b boolean); INSERT INTO t VALUES (true)"
    assert counted(db_url, setup, _type("b", "integer")) == [("misfit", NOT_CHECKED, None)]


# --- labels an enum loses ---------------------------------------------------------------------------

RECREATE = [
    'ALTER TYPE "public"."mood" RENAME TO "mood__forge_old"',
    "CREATE TYPE \"public\".\"mood\" AS ENUM ('ok', 'it''s fine')",
    f'ALTER TABLE {T} ALTER COLUMN "m" TYPE "public"."mood" USING "m"::text::"public"."mood"',
    f'ALTER TABLE {T} ALTER COLUMN "ms" TYPE "public"."mood"[] USING "ms"::text[]::"public"."mood"[]',
]
ENUM_SETUP = "CREATE TYPE mood AS ENUM ('ok', 'sad', 'it''s fine'); CREATE TABLE t (m mood, ms mood[]);"


def test_enum_label_removal_fires_on_rows_holding_it(db_url):
    setup = ENUM_SETUP + "INSERT INTO t VALUES ('sad', '{ok}'), ('ok', '{ok,sad}'), ('it''s fine', NULL), (NULL, '{}')"
    assert counted(db_url, setup, *RECREATE) == [("enum", FOUND, 1), ("enum", FOUND, 1)]


def test_enum_label_removal_quiet_when_no_row_holds_it(db_url):
    setup = ENUM_SETUP + "INSERT INTO t VALUES ('ok', '{ok,it''s fine}'), ('it''s fine', NULL), (NULL, '{}')"
    assert counted(db_url, setup, *RECREATE) == [("enum", CLEAR, 0), ("enum", CLEAR, 0)]


# --- what is never checked, and what cannot wait -----------------------------------------------------

def test_expressions_are_never_evaluated_and_partial_indexes_not_counted():
    assert specs([
        f'ALTER TABLE {T} ADD CONSTRAINT "c" CHECK ((n > 0))',
        f'ALTER TABLE {T} ALTER COLUMN "n" TYPE integer USING ("n" * 2)',
        f'CREATE UNIQUE INDEX "i" ON {T} ("a") WHERE ("a" > 0)',
        f'CREATE UNIQUE INDEX "i" ON {T} (lower("a"))',
        'ALTER TABLE t ALTER COLUMN "n" SET NOT NULL',  # unqualified: its schema is search_path's
        f"ALTER TABLE {T} ALTER COLUMN \"n\" SET DEFAULT E'x'",
    ]) == []


def test_duplicate_statements_give_one_check_at_the_first():
    stmt = f'ALTER TABLE {T} ALTER COLUMN "n" SET NOT NULL'
    assert specs(["SELECT 1", stmt, stmt]) == [Spec("nulls", QName("public", "t"), ("n",), statement=1)]


_LEADS = ["ALTER TABLE", "alter\ttable", "Alter\n  Table", "ALTER/* x */TABLE", "-- note\nALTER TABLE",
          "CREATE UNIQUE INDEX", "create unique index", "CREATE TYPE", "create\ntype", "CREATE INDEX",
          "CREATE TABLE", "COMMENT ON COLUMN", "DROP INDEX", "ALTER INDEX", "UPDATE", "ALTERTABLE",
          "ALTER TABLES", "\"alter\" table", "  ALTER  TABLE", "CREATE/**/UNIQUE INDEX", "\ufeffALTER TABLE"]
_TAILS = [' IF EXISTS ONLY "public"."t" ALTER COLUMN "n" SET NOT NULL',
          ' "public"."t" ALTER COLUMN "n" TYPE varchar(3), ADD CONSTRAINT "u" UNIQUE ("a", "b")',
          ' "public"."t" ADD CONSTRAINT "f" FOREIGN KEY ("p") REFERENCES "public"."p" ("id")',
          ' "u" ON "public"."t" ("a")', ' "public"."e" AS ENUM (\'a\', \'b\')',
          ' "public"."t" ALTER COLUMN "s" TYPE "public"."e" USING "s"::"public"."e"',
          ' "public"."t" ADD PRIMARY KEY ("id")', ' ON "public"."t"."n" IS \'-- not a comment\'', '']


@given(st.lists(st.tuples(st.sampled_from(_LEADS), st.sampled_from(_TAILS)), max_size=8))
@settings(max_examples=300, deadline=None)
def test_statements_skipped_unread_derive_no_check(pairs):
    """Statements that do not begin as a check's do are not cut into tokens (the speed of a
    1,000-table plan): the checks are exactly those of reading every statement."""
    import schemaforge.preflight.statements as module

    statements = [lead + tail for lead, tail in pairs]
    fast = specs(statements)
    real = module._candidate
    module._candidate = lambda _statement: True
    try:
        assert fast == specs(statements)
    finally:
        module._candidate = real


def test_a_table_created_by_the_same_statements_is_not_checked(db_url):
    assert counted(db_url, "SELECT 1", SET_NOT_NULL, ADD_FK, VALIDATE_FK) == []


def test_hostile_names_are_quoted(db_url):
    run_sql(db_url, 'CREATE TABLE "we""ird; DROP TABLE x" ("a b" text); INSERT INTO "we""ird; DROP TABLE x" '
                    "VALUES (NULL)")
    stmt = 'ALTER TABLE "public"."we""ird; DROP TABLE x" ALTER COLUMN "a b" SET NOT NULL'
    found = run(db_url, [stmt]).findings
    assert [(f.status, f.count, f.table) for f in found] == [(FOUND, 1, 'public.we"ird; DROP TABLE x')]
    assert found[0].query == 'SELECT * FROM "public"."we""ird; DROP TABLE x" WHERE "a b" IS NULL LIMIT 10'
    assert query(db_url, found[0].query) == [(None,)]


def test_a_check_that_cannot_get_its_lock_times_out_and_does_not_fire(db_url):
    run_sql(db_url, "CREATE TABLE t (id int, email text); INSERT INTO t VALUES (1, NULL)")
    with psycopg.connect(db_url) as holder:
        holder.execute("LOCK TABLE t IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        found = run(db_url, [SET_NOT_NULL], timeout_ms=300).findings
        assert time.monotonic() - started < 3
    assert [(f.status, f.count, f.fires) for f in found] == [(TIMED_OUT, None, False)]
    assert found[0].message() == ("pre-flight: row(s) with NULL in email not counted (public.t): another session "
                                  "holds a lock that blocks reading the table")


def test_a_check_that_runs_too_long_times_out(db_url):
    run_sql(db_url, "CREATE TABLE t (email text); INSERT INTO t SELECT g::text FROM generate_series(1, 300000) g")
    found = run(db_url, [ADD_UNIQUE], timeout_ms=1).findings
    assert [(f.status, f.note) for f in found] == [(TIMED_OUT, "statement_timeout of 1 ms reached")]


# --- forge plan and forge apply -----------------------------------------------------------------------

BEFORE = """
entities:
  Person:
    columns:
      id: { type: bigint, primary: true }
      email: { type: text, nullable: true }
"""
AFTER = BEFORE.replace("email: { type: text, nullable: true }", "email: { type: text }")


def _person(project, rows: str) -> None:
    project.schema(BEFORE)
    ok(project.forge("sync"))
    run_sql(project.db_url, f"INSERT INTO person VALUES {rows}; ANALYZE person")
    project.schema(AFTER)


def test_plan_shows_the_finding_under_its_change(project):
    _person(project, "(1, NULL), (2, 'a')")
    out = ok(project.forge("plan")).stdout.splitlines()
    at = out.index("  ~ set not null on email (proved by person_email_not_null_check, then dropped)  "
                   "[ACCESS EXCLUSIVE] [ACCESS EXCLUSIVE]")
    assert out[at + 1:at + 3] == [
        "    ! pre-flight: 1 row(s) with NULL in email (public.person)",
        '      see them: SELECT * FROM "public"."person" WHERE "email" IS NULL LIMIT 10;',
    ]
    at = out.index("  ~ validate not-null check person_email_not_null_check  [SHARE UPDATE EXCLUSIVE, scans]")
    size = query(project.db_url, "SELECT pg_total_relation_size('person')")[0][0]
    assert out[at + 2] == f"    size: public.person: ~2 rows, {human_bytes(size)} [SHARE UPDATE EXCLUSIVE, scans]"
    assert out[-1] == ("! pre-flight: 1 check(s) found rows that make this migration fail: `forge apply` stops "
                       "before it")
    doc = json.loads(ok(project.forge("plan", "--format", "json")).stdout)
    assert doc["preflight"]["findings"] == [{
        "statement": 2, "change": 2, "kind": "nulls", "table": "public.person", "status": "found", "count": 1,
        "query": 'SELECT * FROM "public"."person" WHERE "email" IS NULL LIMIT 10',
        "what": "row(s) with NULL in email", "note": ""}]
    assert doc["preflight"]["sizes"] == [{"statement": 1, "change": 1, "table": "public.person",
                                          "lock": "SHARE UPDATE EXCLUSIVE, scans", "rows": 2, "bytes": size}]


def test_markdown_comment_shows_what_the_checks_found(project):
    _person(project, "(1, NULL), (2, 'a')")
    out = ok(project.forge("plan", "--format", "markdown")).stdout.splitlines()
    size = query(project.db_url, "SELECT pg_total_relation_size('person')")[0][0]
    at = out.index("> [!CAUTION]")
    assert out[at:at + 4] == [
        "> [!CAUTION]",
        "> **Pre-flight** (the target's data): 1 check(s) will stop `forge apply`",
        "> - ✗ pre-flight: 1 row(s) with NULL in email (public.person): "
        'SELECT \\* FROM "public"."person" WHERE "email" IS NULL LIMIT 10',
        f"> - public.person: \\~2 rows, {human_bytes(size)} \\[SHARE UPDATE EXCLUSIVE, scans\\]",
    ]


def test_plan_says_a_check_found_nothing(project):
    _person(project, "(1, 'a'), (2, 'b')")
    out = ok(project.forge("plan")).stdout.splitlines()
    assert "    ✓ pre-flight: 0 row(s) with NULL in email (public.person)" in out
    assert not any("! pre-flight" in line for line in out)
    assert json.loads(ok(project.forge("plan", "--format", "json", "--skip-preflight")).stdout)["preflight"] is None


def _generated(project, rows: str, settings: str = "") -> None:
    project.schema(BEFORE)
    ok(project.forge("sync"))
    project.schema(AFTER)
    ok(project.forge("generate", "email_required"))
    run_sql(project.db_url, f"INSERT INTO person VALUES {rows}")
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + settings)


def _applied(project) -> list[tuple]:
    return query(project.db_url, "SELECT count(*) FROM schemaforge.schema_migrations")


def test_apply_stops_before_taking_any_lock(project):
    """A reader holds the table: the migration's ALTER would wait for it (and retry); the
    pre-flight check only needs ACCESS SHARE, finds the NULL and stops at once."""
    _generated(project, "(1, NULL), (2, 'a')", 'lock_timeout = "2s"\nlock_retries = 2\n')
    with psycopg.connect(project.db_url) as reader:
        reader.execute("SELECT * FROM person")  # holds ACCESS SHARE until the end of its transaction
        started = time.monotonic()
        res = project.forge("apply")
        elapsed = time.monotonic() - started
        locks = query(project.db_url, "SELECT mode FROM pg_locks WHERE relation = 'person'::regclass "
                                      "AND pid <> %s ORDER BY mode", (reader.info.backend_pid,))
    assert res.exit_code == 1, res.output
    assert elapsed < 2  # never waited on the reader
    assert locks == []  # apply left nothing behind
    err = res.stderr
    assert "error: pre-flight: " in err and "email_required.sql would fail on the data; nothing was run" in err
    assert ("  1 row(s) with NULL in email (public.person), for statement 3: ALTER TABLE \"public\".\"person\" "
            "ALTER COLUMN \"email\" SET NOT NULL") in err
    assert '  SELECT * FROM "public"."person" WHERE "email" IS NULL LIMIT 10;' in err
    assert "`forge apply --skip-preflight` runs it without these checks" in err
    assert query(project.db_url, "SELECT count(*) FROM pg_constraint WHERE conname = 'person_email_not_null_check'"
                 ) == [(0,)]


def test_apply_runs_when_the_data_fits(project):
    _generated(project, "(1, 'a'), (2, 'b')")
    res = ok(project.forge("apply"))
    assert "applied 1 migration(s)" in res.stdout
    assert query(project.db_url, "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'person' "
                                 "AND column_name = 'email'") == [("NO",)]


def test_skip_preflight_lets_the_database_refuse(project):
    _generated(project, "(1, NULL)")
    res = project.forge("apply", "--skip-preflight")
    assert res.exit_code == 1
    assert "pre-flight" not in res.output
    assert "person_email_not_null_check" in res.stderr  # the VALIDATE step failed in the database


def test_a_check_after_a_backfill_in_the_same_migration_is_not_counted(db_url):
    """Today's NULLs say nothing once an earlier statement fills them: reported, never a stop."""
    setup = "CREATE TABLE t (id int, email text); INSERT INTO t VALUES (1, NULL)"
    backfill = f"UPDATE {T} SET email = 'unknown' WHERE email IS NULL"
    assert counted(db_url, setup, backfill, SET_NOT_NULL) == [("nulls", NOT_CHECKED, None)]
    assert run(db_url, [backfill, SET_NOT_NULL]).findings[0].note == "statement 1 changes rows first"
    assert counted(db_url, "SELECT 1", f"/* first */ CREATE INDEX i ON {T} (id)", SET_NOT_NULL) == [
        ("nulls", FOUND, 1)]


def test_apply_runs_a_migration_that_backfills_before_set_not_null(project):
    project.schema(BEFORE)
    ok(project.forge("sync"))
    run_sql(project.db_url, "INSERT INTO person VALUES (1, NULL)")
    project.write("migrations/20990101000000_backfill.sql", """
        -- +up
        UPDATE "public"."person" SET "email" = 'unknown' WHERE "email" IS NULL;
        ALTER TABLE "public"."person" ALTER COLUMN "email" SET NOT NULL;
        -- +down
        ALTER TABLE "public"."person" ALTER COLUMN "email" DROP NOT NULL;
    """)
    ok(project.forge("rehash"))
    res = project.forge("apply")
    assert res.exit_code == 0, res.output
    assert ("? 20990101000000_backfill.sql: pre-flight: row(s) with NULL in email not checked (public.person): "
            "statement 1 changes rows first") in res.stderr
    assert query(project.db_url, "SELECT email FROM person") == [("unknown",)]


def test_a_foreign_key_kept_not_valid_applies_over_its_orphans(project):
    """The YAML adds a foreign key with ``valid: false`` to a table whose rows it does not all
    match: that is what NOT VALID is for, so ``forge apply`` runs it (the pre-flight used to
    count the orphans and stop); the same key without ``valid: false`` is stopped."""
    base = ("entities:\n  Author:\n    columns:\n      id: { type: integer, primary: true }\n"
            "  Book:\n    columns:\n      id: { type: integer, primary: true }\n"
            "      author_id: { type: integer, nullable: true }\n")
    project.schema(base)
    ok(project.forge("sync"))
    run_sql(project.db_url, "INSERT INTO author VALUES (1); INSERT INTO book VALUES (1, 1), (2, 7)")
    project.schema(base + "    foreign_keys:\n      - { name: book_author_fk, columns: [author_id], "
                          "references: { entity: Author, columns: [id] }, valid: false }\n")
    ok(project.forge("generate", "kept_not_valid"))
    res = ok(project.forge("apply"))
    assert "applied 1 migration(s)" in res.stdout
    assert query(project.db_url, "SELECT convalidated FROM pg_constraint WHERE conname = 'book_author_fk'") == [(False,)]


def test_each_check_runs_read_only_under_its_timeouts(db_url):
    """The one round trip that sets up the checks' connection (set_config each, for the
    session) makes every statement after it read-only, with the statement timeout asked for
    and the lock timeout under it."""
    import importlib

    runner = importlib.import_module("schemaforge.preflight.run")
    with psycopg.connect(db_url, autocommit=True) as conn:
        runner._read_only(conn, 3000)
        settings = conn.execute("SELECT current_setting('transaction_read_only'), "
                                "current_setting('statement_timeout'), current_setting('lock_timeout')").fetchone()
        assert settings == ("on", "3s", "1s")
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("CREATE TABLE written (id int)")
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):  # and the next one
            conn.execute("CREATE TABLE written (id int)")


def test_each_check_is_one_statement(db_url, monkeypatch):
    """Four checks on the checks' own connection: the settings once for the catalog query and
    once for the checks' timeout, then one statement per check, no transaction around any."""
    run_sql(db_url, "CREATE TABLE t (id int, email text, a int, b int)")
    sent: list[str] = []
    real = psycopg.Connection.execute
    monkeypatch.setattr(psycopg.Connection, "execute",
                        lambda self, q, *a, **k: sent.append(str(q).split()[0]) or real(self, q, *a, **k))
    monkeypatch.setattr(psycopg.Connection, "transaction", None)  # none opened
    statements = [SET_NOT_NULL, ADD_UNIQUE, f'ALTER TABLE {T} ALTER COLUMN "a" SET NOT NULL',
                  f'ALTER TABLE {T} ALTER COLUMN "b" SET NOT NULL']
    found = run(db_url, statements, timeout_ms=2000).findings
    assert [(f.kind, f.status) for f in found] == [("nulls", CLEAR), ("duplicates", CLEAR), ("nulls", CLEAR),
                                                   ("nulls", CLEAR)]
    assert sent == ["SELECT"] * 7  # settings, columns, settings, four counts
