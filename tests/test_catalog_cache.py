"""The target's catalog as last read, used again while its server has written nothing since
(schemaforge/catalog_cache.py).

On a server of the test's own (autovacuum off, ``wal_level = minimal``: no standby snapshots
logged every 15 s): on the shared test server the WAL moves with every other test's work.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from schemaforge import catalog_cache, reading
from schemaforge.config import load_config
from schemaforge.database import embedded
from schemaforge.database.session import connect, with_dbname
from tests.conftest import Project, _stop_project_server, counting, ok, query, run_sql

REPO = Path(__file__).resolve().parent.parent

SCHEMA = """
entities:
  Note:
    table: note
    columns:
      id: {type: bigint, primary: true}
      body: {type: text, nullable: true}
"""


@pytest.fixture
def quiet(server_dir):
    """(the server's ``postgres`` URL, the URL of its database ``app``: a table ``note`` with a
    column the YAML does not have), each catalog page read once (its hint bits set now, not in
    a plan's read)."""
    data = server_dir / "pg"
    url = embedded.ensure_server(data, {"autovacuum": "off", "wal_level": "minimal", "max_wal_senders": "0"})
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE app")
        app = with_dbname(url, "app")
        run_sql(app, "CREATE TABLE note (id bigint PRIMARY KEY, body text, extra int)")
        reading.inspect_target(app, None, _config(server_dir))
        yield url, app
    finally:
        embedded.stop_server(data)


@pytest.fixture(autouse=True)
def _no_project_server_left(tmp_path):
    """A plan that fell back to the project's embedded server (``.forge/pg``) left it running."""
    yield
    _stop_project_server(tmp_path)


def _config(root: Path):
    (root / "pyproject.toml").write_text('[project]\nname = "q"\nversion = "0"\n\n[tool.schemaforge]\n')
    return load_config(cwd=root)


def _reads(monkeypatch) -> list[int]:
    return counting(monkeypatch, reading, "inspect_database")


def _position(url: str) -> str:
    return query(url, "SELECT pg_current_wal_insert_lsn()::text")[0][0]


def _kept(project: Project) -> list[str]:
    return sorted(p.name for p in (project.root / ".forge" / "cache").glob("catalog-*.pickle"))


def test_a_plan_against_a_database_nothing_wrote_to_reads_no_catalog_and_any_commit_reads_again(
        quiet, tmp_path, monkeypatch):
    url, app = quiet
    project = Project(tmp_path, app, monkeypatch)
    project.schema(SCHEMA)
    calls = _reads(monkeypatch)
    before = _position(app)
    first = ok(project.forge("plan")).stdout
    assert "DROP COLUMN" in first and "extra" in first
    assert calls == [1] and len(_kept(project)) == 1
    assert _position(app) == before  # a plan writes nothing
    assert ok(project.forge("plan")).stdout == first
    assert calls == [1]  # recalled
    # a commit in another database of the server: read again, the same answer
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE elsewhere (x int)")
    assert ok(project.forge("plan")).stdout == first
    assert calls == [1, 1]
    assert ok(project.forge("plan")).stdout == first
    assert calls == [1, 1]
    # the target changed: seen
    run_sql(app, "ALTER TABLE note DROP COLUMN extra")
    assert "No changes" in ok(project.forge("plan")).stdout
    assert calls == [1, 1, 1]


def test_a_read_beside_a_running_transaction_is_not_kept(quiet, tmp_path, monkeypatch):
    """Its commit record may be written and not yet visible: a read then is not kept."""
    _, app = quiet
    project = Project(tmp_path, app, monkeypatch)
    project.schema(SCHEMA)
    calls = _reads(monkeypatch)
    with psycopg.connect(app) as other:
        other.execute("SELECT pg_current_xact_id()")  # a transaction with an id, left open
        first = ok(project.forge("plan")).stdout
        assert calls == [1] and _kept(project) == []
        assert ok(project.forge("plan")).stdout == first
        assert calls == [1, 1]
    # it ended (its abort record moved the position): the next read is kept, the one after recalled
    assert ok(project.forge("plan")).stdout == first
    assert calls == [1, 1, 1] and len(_kept(project)) == 1
    assert ok(project.forge("plan")).stdout == first
    assert calls == [1, 1, 1]


def test_a_write_between_the_stamp_and_the_reads_snapshot_leaves_nothing_kept(quiet, tmp_path, monkeypatch):
    """The read's own transaction says where the server stands: not where the stamp found it
    (a write in between, or a pooler that sent the read elsewhere), and nothing is kept."""
    url, app = quiet
    project = Project(tmp_path, app, monkeypatch)
    project.schema(SCHEMA)
    calls = _reads(monkeypatch)
    real = catalog_cache.stamp

    def then_a_write(*args, **kwargs):
        at = real(*args, **kwargs)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SELECT pg_current_xact_id()")  # a commit record: the position moves
        return at

    monkeypatch.setattr(catalog_cache, "stamp", then_a_write)
    first = ok(project.forge("plan")).stdout
    assert calls == [1] and _kept(project) == []
    monkeypatch.setattr(catalog_cache, "stamp", real)
    assert ok(project.forge("plan")).stdout == first
    assert calls == [1, 1] and len(_kept(project)) == 1


def test_the_key_holds_how_money_prints_and_the_code(quiet, tmp_path):
    """``lc_monetary`` changes a ``money`` constant's text and a reload writes no WAL; a
    development checkout changes its code, not its version."""
    _, app = quiet
    with connect(app, autocommit=True) as conn:
        conn.execute("SET lc_monetary = 'C'")
        c = catalog_cache.stamp(conn, app, None, ())
        conn.execute("SET lc_monetary = 'POSIX'")
        posix = catalog_cache.stamp(conn, app, None, ())
    assert c.key != posix.key and c.name == posix.name
    (tmp_path / "inspect").mkdir()
    (tmp_path / "model").mkdir()
    (tmp_path / "catalog_cache.py").write_text("x = 1\n")
    (tmp_path / "inspect" / "queries.py").write_text("SQL = 'a'\n")
    before = catalog_cache.code_digest(tmp_path)
    assert catalog_cache.code_digest(tmp_path) == before
    (tmp_path / "inspect" / "queries.py").write_text("SQL = 'ab'\n")
    assert catalog_cache.code_digest(tmp_path) != before


def test_a_role_that_may_not_ask_the_position_is_always_read(quiet, tmp_path, monkeypatch):
    url, app = quiet
    run_sql(url, "CREATE ROLE plain LOGIN CREATEDB")  # its scratch database on this server, not the project's
    run_sql(app, "REVOKE EXECUTE ON FUNCTION pg_current_wal_insert_lsn() FROM PUBLIC; GRANT ALL ON SCHEMA public TO plain")
    plain = app + " user=plain"
    project = Project(tmp_path, plain, monkeypatch)
    project.schema(SCHEMA)
    calls = _reads(monkeypatch)
    with connect(plain) as conn:
        assert catalog_cache.stamp(conn, plain, None, ()) is None
    first = ok(project.forge("plan")).stdout
    assert ok(project.forge("plan")).stdout == first
    assert calls == [1, 1] and _kept(project) == []


def test_the_key_names_the_scope_the_role_and_the_connection_but_never_the_password(quiet):
    _, app = quiet
    with connect(app) as conn:
        base = catalog_cache.stamp(conn, app, None, ("schemaforge",))
        assert base is not None and base.quiet
        assert catalog_cache.stamp(conn, app, None, ("schemaforge",)) == base  # nothing moved
        others = {catalog_cache.stamp(conn, app, ["public"], ("schemaforge",)).key,
                  catalog_cache.stamp(conn, app, None, ("schemaforge", "audit")).key,
                  catalog_cache.stamp(conn, app + " application_name=x", None, ("schemaforge",)).key}
        with_password = catalog_cache.stamp(conn, app + " password=s3cret sslpassword=k3y", None, ("schemaforge",))
        with conn.transaction():  # inside a caller's transaction: no stamp
            assert catalog_cache.stamp(conn, app, None, ()) is None
    assert base.key not in others and len(others) == 3
    assert (with_password.name, with_password.key) == (base.name, base.key)


def test_the_forge_command_keeps_what_its_child_read(quiet, tmp_path):
    """Through ``forge`` (the read in a forked child, the file written after the command ends):
    the file kept is what a read of the target gives."""
    _, app = quiet
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "q"\nversion = "0"\n\n[tool.schemaforge]\n')
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "app.yaml").write_text(SCHEMA)
    res = subprocess.run([sys.executable, "-m", "schemaforge", "plan"], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "DATABASE_URL": app},
                         timeout=120)
    assert res.returncode == 0, res.stderr
    cache = tmp_path / ".forge" / "cache"
    deadline = time.monotonic() + 30
    while not list(cache.glob("catalog-*.pickle")) and time.monotonic() < deadline:
        time.sleep(0.05)  # the writer is detached: wait for its file to appear
    config = load_config(cwd=tmp_path)
    with connect(app) as conn:
        at = catalog_cache.stamp(conn, app, None, reading.excluded_schemas(config))
    assert catalog_cache.recall(cache, at) == reading.inspect_target(app, None, config)
