"""Every corpus pair's plan, written out in full: the proof that a refactor kept behaviour.

For each pair under ``tests/corpus/`` this loads the current and the desired SQL into two
databases on the test server, plans current → desired with casts (as ``forge plan`` does),
and writes the change kinds, hazards, and the up and down steps (transaction flag and every
statement) to one text file. Run it on two commits and compare the files byte for byte::

    git worktree add /tmp/before <old-commit>
    PYTHONPATH=/tmp/before python /tmp/before/bench/golden_plans.py /tmp/before.txt
    python bench/golden_plans.py /tmp/after.txt
    cmp /tmp/before.txt /tmp/after.txt && echo identical

Each commit runs its own copy of this script (it imports the package of its commit). Issue 9's
restructure was proved against e3f9258, the commit that added the script: its output and
the output after every merge of the restructure were identical (351 pairs, PostgreSQL 18).

Uses ``DATABASE_URL`` when set, else the embedded server the tests use.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schemaforge.database import embedded  # noqa: E402
from schemaforge.database.session import EMPTY_DATABASE, server_for  # noqa: E402
from schemaforge.inspect import inspect_database  # noqa: E402
from schemaforge.planner import build_plan  # noqa: E402
from schemaforge.typecast import CastCatalog, connection  # noqa: E402
from tests.test_corpus import corpus_pairs  # noqa: E402


def _server():
    url = os.environ.get("DATABASE_URL")
    if url:
        return server_for(url)
    data = Path(os.environ.get("FORGE_TEST_PGDATA", "/tmp/schemaforge-test-pg"))
    return server_for(embedded.ensure_server(data))


def _reset(url: str, script: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(EMPTY_DATABASE)
        if script.strip():
            conn.execute(script)


def _inspect(url: str):
    with psycopg.connect(url) as conn:
        return inspect_database(conn), conn.info.server_version


def main(out: str) -> int:
    server = _server()
    names = [f"forge_golden_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    for n in names:
        server.create_database(n)
    cur, des = (server.url_for(n) for n in names)
    lines: list[str] = []
    try:
        for pair in corpus_pairs():
            _reset(cur, pair.current)
            _reset(des, pair.desired)
            current, version = _inspect(cur)
            desired, _ = _inspect(des)
            if version < pair.requires:
                lines.append(f"=== {pair.id}: skipped on {version}")
                continue
            plan = build_plan(current, desired, CastCatalog(connection(cur), connection(des)))
            lines.append(f"=== {pair.id}")
            lines.append("changes: " + " ".join(c.kind for c in plan.changes))
            lines.extend(f"hazard: {h.kind} {h.destructive} {h.message}" for _, h in plan.hazards)
            for label, steps in (("up", plan.up_steps), ("down", plan.down_steps)):
                for i, step in enumerate(steps):
                    lines.append(f"-- {label} step {i} transaction={step.transaction}")
                    lines.extend(step.statements)
    finally:
        for n in names:
            server.drop_database(n)
    Path(out).write_text("\n".join(lines) + "\n")
    print(f"{sum(1 for x in lines if x.startswith('==='))} pairs written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "golden_plans.txt"))
