"""Test fixtures: a real PostgreSQL for every test, never a mock.

The embedded server (PostgreSQL 18, from the wheel) is started once per run in a data
directory of that run (one server shared by every xdist worker: the controller picks the
directory before the workers start, the embedded module's file lock makes their starts safe,
and the controller stops it and deletes the directory when the run ends), or the server in
``FORGE_TEST_PGDATA`` (kept running for the next run), or the one named by ``DATABASE_URL``. Each test gets its own database cloned from an empty
template (~25 ms), so tests are independent and can run in parallel (pytest-xdist).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from schemaforge.database import embedded
from schemaforge.database.session import Server, server_for

EXTERNAL_URL = os.environ.get("DATABASE_URL")
# every YAML document an import writes in any test is also dumped by ruamel and compared with
# the direct emitter's text (schemaforge/entities/emit.py): byte-identical or the test fails
os.environ.setdefault("FORGE_EMIT_CHECK", "1")
PGDATA_ENV = "FORGE_TEST_PGDATA"


def pytest_configure(config) -> None:
    """In the controller (or a run without xdist): a data directory for this run's server."""
    if EXTERNAL_URL or hasattr(config, "workerinput") or os.environ.get(PGDATA_ENV):
        return
    run_dir = Path(tempfile.mkdtemp(prefix="forge-test-pg-"))  # short: the socket lives in it
    os.environ[PGDATA_ENV] = str(run_dir / "pg")  # the workers inherit it
    config.stash[RUN_DIR] = run_dir


def pytest_unconfigure(config) -> None:
    """The run is over (every worker too): stop the server it started and delete its directory."""
    run_dir = config.stash.get(RUN_DIR, None)
    if run_dir is None:
        return
    embedded.stop_server(run_dir / "pg")
    shutil.rmtree(run_dir, ignore_errors=True)
    os.environ.pop(PGDATA_ENV, None)


RUN_DIR = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def pg_server() -> Server:
    if EXTERNAL_URL:
        return server_for(EXTERNAL_URL)
    return Server(embedded.ensure_server(Path(os.environ[PGDATA_ENV])))


@pytest.fixture(scope="session")
def template_db(pg_server, worker_id) -> str:
    name = f"forge_test_tpl_{worker_id}_{uuid.uuid4().hex[:8]}"  # unique: runs may overlap
    pg_server.create_database(name)
    yield name
    pg_server.drop_database(name)


@pytest.fixture
def db_url(pg_server, template_db) -> str:
    """URL of a fresh, empty database that lives for one test."""
    name = f"forge_test_{uuid.uuid4().hex[:12]}"
    pg_server.create_database(name, template=template_db)
    yield pg_server.url_for(name)
    pg_server.drop_database(name)


@pytest.fixture
def make_db(pg_server, template_db):
    """Factory for extra fresh databases in one test (e.g. current and desired)."""
    made: list[str] = []

    def make() -> str:
        name = f"forge_test_{uuid.uuid4().hex[:12]}"
        pg_server.create_database(name, template=template_db)
        made.append(name)
        return pg_server.url_for(name)

    yield make
    for name in made:
        pg_server.drop_database(name)


def run_sql(url: str, script: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(script)


def query(url: str, q: str, params=None) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(q, params).fetchall()


def pg_dump_schema(url: str) -> str:
    """``pg_dump --schema-only`` (privileges included, owners not), normalized: the independent
    check on our own introspection."""
    out = subprocess.run(
        [str(embedded.bin_dir() / "pg_dump"), "--schema-only", "--no-owner",
         "--exclude-schema=schemaforge", "-d", url],
        capture_output=True, text=True, check=True,
    ).stdout
    lines = []
    for line in out.splitlines():
        if not line.strip() or line.startswith("--") or line.startswith("SET ") or line.startswith("SELECT pg_catalog.set_config"):
            continue
        if line.startswith("\\restrict") or line.startswith("\\unrestrict"):
            continue
        lines.append(line)
    return "\n".join(_sorted_grants(lines))


def _sorted_grants(lines: list[str]) -> list[str]:
    """Each run of GRANT/REVOKE lines sorted: pg_dump prints an ACL in its array's order, which
    is the order the grants were made in, not part of what the ACL means."""
    out: list[str] = []
    run: list[str] = []
    for line in [*lines, ""]:
        if line.startswith(("GRANT ", "REVOKE ")):
            run.append(line)
            continue
        out += sorted(run)
        run = []
        out.append(line)
    return out[:-1]


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class Project:
    """A project directory on disk plus a way to run ``forge`` in it."""

    def __init__(self, root: Path, db_url: str | None, monkeypatch):
        self.root = root
        self.db_url = db_url
        self._mp = monkeypatch
        (root / "schema").mkdir(exist_ok=True)
        (root / "migrations").mkdir(exist_ok=True)
        (root / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "0"\n\n[tool.schemaforge]\n')

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
        return path

    def schema(self, text: str, name: str = "app.yaml") -> Path:
        """Replace the whole schema directory with one file."""
        for f in (self.root / "schema").glob("**/*.y*ml"):
            f.unlink()
        return self.write(f"schema/{name}", text)

    def forge(self, *args: str, env: dict | None = None, input: str | None = None) -> Result:
        from schemaforge.cli import cli

        environ = {"NO_COLOR": "1", "COLUMNS": "200", "DATABASE_URL": self.db_url or "", "CI": "1"}
        environ.update(env or {})
        self._mp.chdir(self.root)
        runner = CliRunner()
        res = runner.invoke(cli, list(args), env=environ, input=input, catch_exceptions=True)
        if res.exception and not isinstance(res.exception, SystemExit):
            import traceback

            raise AssertionError(
                "forge raised:\n" + "".join(traceback.format_exception(res.exception)) + res.output
            )
        return Result(res.exit_code, res.stdout, res.stderr)


def _stop_project_server(root: Path) -> None:
    """A command that fell back to the project's embedded server (``.forge/pg``: no target, or a
    target that may not create databases) left it running, as it does for users: stop it."""
    data = root / ".forge" / "pg"
    if data.is_dir():
        embedded.stop_server(data)


@pytest.fixture
def project(tmp_path, db_url, monkeypatch) -> Project:
    yield Project(tmp_path, db_url, monkeypatch)
    _stop_project_server(tmp_path)


@pytest.fixture
def offline_project(tmp_path, monkeypatch) -> Project:
    """A project for commands that need no database (validate, init)."""
    yield Project(tmp_path, None, monkeypatch)
    _stop_project_server(tmp_path)


def ok(res: Result) -> Result:
    """A command that must succeed; its output is the failure message."""
    assert res.exit_code == 0, res.output
    return res


def plan_json(project: Project) -> dict:
    """``forge plan --format json`` of the project, which must succeed."""
    return json.loads(ok(project.forge("plan", "--format", "json")).stdout)


def sync(project: Project, *extra: str) -> None:
    ok(project.forge("sync", *extra))


@pytest.fixture
def server_dir():
    """A directory for an embedded server a test starts itself (stopped by the test).

    Not under pytest's basetemp: a pytest session started elsewhere on the machine deletes
    older numbered basetemp directories, which would pull the data directory from under the server.
    """
    path = Path(tempfile.mkdtemp(prefix="forge-srv-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def stop_embedded(data_dir: Path) -> None:
    """Stop an embedded server a test started on its own data directory.

    Through the embedded module (which runs pg_ctl as the server's user: pg_ctl refuses root).
    """
    embedded.stop_server(data_dir)


def squash(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip()


def python_out(code: str) -> str:
    """What ``python -c code`` prints in a fresh interpreter (which modules an import loads, say)."""
    import sys

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def counting(monkeypatch, owner, name: str) -> list[int]:
    """``owner.name`` replaced by itself counting its calls: the list grows by one per call."""
    calls: list[int] = []
    real = getattr(owner, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def body_file_schema(root: Path) -> tuple[Path, Path]:
    """(schema directory, cache directory) under ``root``: one SQL function whose body is the
    file ``bodies/f.sql`` (``SELECT 1``), for tests of a body changed while the YAML loads."""
    schema, cache = root / "schema", root / ".forge" / "cache"
    (schema / "bodies").mkdir(parents=True)
    (schema / "bodies" / "f.sql").write_text("SELECT 1")
    (schema / "app.yaml").write_text("functions:\n  f:\n    returns: integer\n    language: sql\n"
                                     "    body_file: bodies/f.sql\n")
    return schema, cache
