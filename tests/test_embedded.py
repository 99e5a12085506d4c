"""The embedded server under parallel starters (pytest workers, two forge commands at once)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import psutil
import psycopg

from schemaforge.database import embedded
from tests.conftest import ok, stop_embedded

STARTERS = 4

# Each starter connects, then waits (on files, not a timer) until every starter holds a
# connection, and only then runs a query: a restart by any late starter would kill it.
CHILD = textwrap.dedent(
    """
    import sys, time, pathlib, psycopg
    from schemaforge.database import embedded
    data, marks, me, n = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    url = embedded.ensure_server(data)
    with psycopg.connect(url) as conn:
        conn.execute("SELECT 1")
        (marks / me).touch()
        deadline = time.monotonic() + 60
        while len(list(marks.iterdir())) < n and time.monotonic() < deadline:
            time.sleep(0.02)
        print(conn.execute("SELECT current_setting('max_locks_per_transaction')").fetchone()[0])
    """
)


def test_parallel_first_start_never_restarts_under_a_connection(server_dir):
    data, marks = server_dir / "pg", server_dir / "marks"
    marks.mkdir()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(data), str(marks), str(i), str(STARTERS)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i in range(STARTERS)
    ]
    try:
        results = [p.communicate(timeout=120) for p in procs]
    finally:
        stop_embedded(data)
    assert [(p.returncode, out) for p, (out, _) in zip(procs, results, strict=True)] == [(0, "1024\n")] * STARTERS, [
        err[-3000:] for _, err in results
    ]


def test_forge_dev_status_url_stop_reset(offline_project, server_dir):
    data = server_dir / "pg"
    env = {"FORGE_EMBEDDED_DIR": str(data)}
    res = ok(offline_project.forge("dev", "status", env=env))
    assert res.stdout == f"not created (a command that needs a database creates it)\ndata directory: {data}\n"
    res = offline_project.forge("dev", "url", env=env)
    assert res.exit_code == 1 and res.stderr.startswith(f"error: the embedded server in {data} is not running\n")
    assert ok(offline_project.forge("dev", "stop", env=env)).stderr == f"the embedded server in {data} was not running\n"
    assert list(server_dir.iterdir()) == []  # status, url and stop made nothing
    url = embedded.ensure_server(data)
    try:
        pid = embedded.status(data).pid
        res = ok(offline_project.forge("dev", "status", env=env))
        assert res.stdout == f"running (pid {pid})\ndata directory: {data}\nurl: {url}\n"
        assert ":@" not in url and "password" not in url
        dev_url = ok(offline_project.forge("dev", "url", env=env)).stdout.strip()
        port = psycopg.conninfo.conninfo_to_dict(url)["port"]  # PGPORT, when CI sets it
        assert dev_url == f"postgresql://postgres@/forge_dev?host={data}&port={port}"
        with psycopg.connect(url) as conn:  # the server is up and answers
            assert conn.execute("SELECT 1").fetchone() == (1,)
        assert ok(offline_project.forge("dev", "stop", env=env)).stderr == f"stopped the embedded server in {data}\n"
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
        assert ok(offline_project.forge("dev", "status", env=env)).stdout == f"stopped\ndata directory: {data}\n"
        res = offline_project.forge("dev", "reset", env=env)
        assert res.exit_code == 1 and "refusing without --yes" in res.stderr and data.exists()
        assert ok(offline_project.forge("dev", "reset", "--yes", env=env)).stderr == f"deleted {data}\n"
        assert not data.exists()
    finally:
        stop_embedded(data)


def test_pgport_sets_the_embedded_server_port(server_dir, monkeypatch):
    data = server_dir / "pg"
    monkeypatch.setenv("PGPORT", "5491")
    url = embedded.ensure_server(data)
    try:
        assert url.endswith("&port=5491")
        with psycopg.connect(url) as conn:
            assert conn.execute("SHOW port").fetchone() == ("5491",)
            assert conn.execute("SHOW max_locks_per_transaction").fetchone() == ("1024",)
    finally:
        stop_embedded(data)


def test_validate_writes_nothing_into_the_project(offline_project):
    offline_project.schema("""
        entities:
          a:
            columns:
              id: { type: bigint, primary: true }
    """)
    before = sorted(p.relative_to(offline_project.root) for p in offline_project.root.rglob("*"))
    ok(offline_project.forge("validate"))
    assert sorted(p.relative_to(offline_project.root) for p in offline_project.root.rglob("*")) == before
    assert not (offline_project.root / ".forge").exists()


def test_a_stale_pid_file_naming_another_postgres_is_not_a_running_server(server_dir):
    """A pid file kept from a killed server whose pid now belongs to another process called
    ``postgres`` (another cluster's postmaster, a backend): not ours, so the server is started."""
    data = (server_dir / "pg").resolve()
    embedded.ensure_server(data)
    stop_embedded(data)
    other = subprocess.Popen(["bash", "-c", "sleep 120; :", "postgres"])  # "postgres" in its command line
    try:
        lines = [str(other.pid), str(data), "0", "5432", str(data), "", "0 0", "ready   "]
        (data / "postmaster.pid").write_text("\n".join(lines) + "\n")
        assert embedded.status(data).running is False
        assert (data / "postmaster.pid").exists()  # status holds no lock: it removes nothing
        url = embedded.ensure_server(data)  # removes the stale file under the lock, then starts
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        assert embedded.status(data).pid != other.pid
    finally:
        other.kill()
        other.wait()
        stop_embedded(data)
