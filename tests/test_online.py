"""Online safety in deploys: lock_timeout with retries, NOT VALID constraints, concurrent indexes.

The retry tests run the runner in-process with a fake clock: a conflicting lock is held from
a second connection and released at an observed point (when the runner sleeps before retry
``n``), and the tests assert the exact waits and the exact lines printed. No wall-clock timer.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from rich.console import Console

from schemaforge.cli.context import UI
from schemaforge.cli.reporter import ConsoleReporter
from schemaforge.config import load_config
from schemaforge.errors import ForgeError
from schemaforge.migrations import runner
from tests.conftest import query

POST = """
entities:
  Post:
    columns:
      id: { type: bigint, primary: true, identity: always }
      title: { type: text }
"""


@dataclass
class FakeClock:
    """Time that moves only when the runner sleeps; ``on_sleep(n)`` runs at the n-th sleep."""

    on_sleep: Callable[[int], None] = lambda n: None
    now: float = 0.0
    waits: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds
        self.on_sleep(len(self.waits))


def apply_in_process(project, clock: FakeClock) -> tuple[list[str], ForgeError | None]:
    """``forge apply`` without the command line: (stderr lines, the error it ended with)."""
    err = io.StringIO()
    ui = UI(out=Console(file=io.StringIO(), no_color=True, highlight=False, soft_wrap=True),
            err=Console(file=err, no_color=True, highlight=False, soft_wrap=True))
    failure = None
    try:
        runner.apply(load_config(cwd=project.root), project.db_url, ConsoleReporter(ui), clock=clock)
    except ForgeError as exc:
        failure = exc
    return err.getvalue().splitlines(), failure


def body_migration(project, settings: str, extra: str = "      body: { type: text, nullable: true }\n") -> Path:
    """An applied first migration and a pending second one (``extra`` added to Post); the second's path."""
    project.write("pyproject.toml", f"[tool.schemaforge]\n{settings}")
    project.schema(POST)
    assert project.forge("generate", "init").exit_code == 0
    assert project.forge("apply").exit_code == 0
    project.schema(POST + extra)
    assert project.forge("generate", "body").exit_code == 0
    first, second = sorted((project.root / "migrations").glob("*.sql"))
    return second


@pytest.fixture
def blocker(project):
    conn = psycopg.connect(project.db_url)
    yield conn
    conn.close()


def retry_line(path: Path, timeout: str, wait: int, attempt: int, retries: int) -> str:
    return f"  ! {path.name}: lock not acquired within {timeout}; retrying in {wait} s ({attempt}/{retries})"


def test_apply_retries_after_lock_timeout_and_succeeds_once_the_lock_is_free(project, blocker):
    path = body_migration(project, 'lock_timeout = "200ms"\nlock_retries = 3\n')
    blocker.execute("LOCK TABLE post IN ACCESS SHARE MODE")  # a long reader holds the table
    clock = FakeClock(on_sleep=lambda n: blocker.rollback())  # the reader ends while the runner waits
    lines, failure = apply_in_process(project, clock)
    assert failure is None
    assert clock.waits == [1]
    assert lines == [retry_line(path, "200ms", 1, 1, 3), f"  ✓ {path.name} (1000 ms)"]
    assert query(project.db_url, "SELECT execution_ms FROM schemaforge.migrations WHERE name = 'body'") == [(1000,)]
    assert query(project.db_url, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'post'::regclass "
                                 "AND attname = 'body'") == [(1,)]


def test_the_backoff_doubles_between_retries(project, blocker):
    path = body_migration(project, 'lock_timeout = "100ms"\nlock_retries = 4\n')
    blocker.execute("LOCK TABLE post IN ACCESS SHARE MODE")
    clock = FakeClock(on_sleep=lambda n: blocker.rollback() if n == 3 else None)
    lines, failure = apply_in_process(project, clock)
    assert failure is None
    assert clock.waits == [1, 2, 4]
    assert lines == [retry_line(path, "100ms", 1, 1, 4), retry_line(path, "100ms", 2, 2, 4),
                     retry_line(path, "100ms", 4, 3, 4), f"  ✓ {path.name} (7000 ms)"]
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migrations") == [(2,)]


def test_apply_gives_up_after_the_last_retry(project, blocker):
    path = body_migration(project, 'lock_timeout = "100ms"\nlock_retries = 1\n')
    blocker.execute("LOCK TABLE post IN ACCESS SHARE MODE")  # held throughout
    clock = FakeClock()
    lines, failure = apply_in_process(project, clock)
    assert clock.waits == [1]
    assert lines == [retry_line(path, "100ms", 1, 1, 1)]
    line = path.read_text().splitlines().index('ALTER TABLE "public"."post" ADD COLUMN "body" text;') + 1
    assert failure is not None
    assert failure.message == (f"migration {path.name} failed at line {line}: canceling statement due to lock "
                               "timeout\n  it was rolled back and nothing was recorded")
    blocker.rollback()
    assert query(project.db_url, "SELECT name FROM schemaforge.migrations") == [("init",)]
    assert query(project.db_url, "SELECT count(*) FROM schemaforge.migration_progress") == [(0,)]


def test_a_concurrent_index_statement_is_retried_on_its_own(project, blocker):
    path = body_migration(project, 'lock_timeout = "100ms"\nlock_retries = 2\n',
                          extra="    indexes:\n      - { columns: [title] }\n")
    assert "CREATE INDEX CONCURRENTLY" in path.read_text()
    blocker.execute("LOCK TABLE post IN SHARE UPDATE EXCLUSIVE MODE")  # conflicts with a concurrent build
    clock = FakeClock(on_sleep=lambda n: blocker.rollback())
    lines, failure = apply_in_process(project, clock)
    assert failure is None
    assert clock.waits == [1]
    assert lines == [retry_line(path, "100ms", 1, 1, 2), f"  ✓ {path.name} (1000 ms)"]
    assert query(project.db_url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'post_title_idx'::regclass") \
        == [(True,)]


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
