"""The embedded server under parallel starters (pytest workers, two forge commands at once)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import stop_embedded

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
