"""The longest write stall while a migration changes a big table: online plan vs plain form.

A table of ``--rows`` rows (2,000,000 by default, from generate_series) gets an index, a foreign
key, a check, a unique constraint and a NOT NULL, while another process writes to it in a tight
loop: single-row INSERTs and UPDATEs, each its own (autocommit) transaction, every latency
recorded. The migration runs twice, each time on a fresh copy of the same table: once as the
default (online) plan runs it, step by step as ``forge apply`` does, and once in the plain form
``forge sync`` runs (``build_plan(..., online=False)``: one transaction). Printed per form: the
migration's duration, the longest single write (the stall) and the number of writes::

    python bench/write_stall.py            # 2,000,000 rows on the embedded server
    python bench/write_stall.py --rows 200000

Uses ``DATABASE_URL`` when set, else the embedded server the tests use. Goal (issue 12): a stall
of at most 1 s online, against many seconds plain.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schemaforge.database import embedded  # noqa: E402
from schemaforge.database.session import server_for  # noqa: E402
from schemaforge.inspect import inspect_database  # noqa: E402
from schemaforge.planner import build_plan  # noqa: E402

CURRENT = """
CREATE TABLE account (id bigint PRIMARY KEY);
INSERT INTO account SELECT g FROM generate_series(1, 1000) g;
CREATE TABLE item (id bigint PRIMARY KEY, account_id bigint, code text, amount int, note text);
INSERT INTO item SELECT g, g % 1000 + 1, 'c' || g, g % 100, 'n' FROM generate_series(1, {rows}) g;
"""
DESIRED = """
CREATE TABLE account (id bigint PRIMARY KEY);
CREATE TABLE item (id bigint PRIMARY KEY, account_id bigint REFERENCES account (id), code text,
                   amount int CONSTRAINT item_amount_check CHECK (amount >= 0), note text NOT NULL,
                   CONSTRAINT item_code_key UNIQUE (code));
CREATE INDEX item_amount_idx ON item (amount);
"""


def _server():
    url = os.environ.get("DATABASE_URL")
    if url:
        return server_for(url)
    return server_for(embedded.ensure_server(Path(os.environ.get("FORGE_TEST_PGDATA", "/tmp/schemaforge-test-pg"))))


def _inspect(url: str):
    with psycopg.connect(url) as conn:
        return inspect_database(conn)


def writer(url: str, first_id: int, ready, stop, out) -> None:
    """Single-row writes, each its own transaction, until ``stop``: (max latency, count)."""
    worst, count, i = 0.0, 0, first_id
    with psycopg.connect(url, autocommit=True) as conn:
        while not stop.is_set():
            i += 1
            started = time.perf_counter()
            if i % 2:
                conn.execute("INSERT INTO item VALUES (%s, 1, %s, 1, 'w')", (i, f"w{i}"))
            else:
                conn.execute("UPDATE item SET amount = amount + 1 WHERE id = %s", (i - 1,))
            worst = max(worst, time.perf_counter() - started)
            count += 1
            if count == 100:
                ready.set()  # observed: the writer is writing
    out.put((worst, count))


def run_steps(url: str, steps) -> None:
    """As ``forge apply`` runs a migration: each transactional step in a transaction, the others
    statement by statement."""
    with psycopg.connect(url, autocommit=True) as conn:
        for step in steps:
            if step.transaction:
                with conn.transaction():
                    for s in step.statements:
                        conn.execute(s)
            else:
                for s in step.statements:
                    conn.execute(s)


def measure(url: str, steps, rows: int) -> tuple[float, float, int]:
    """(migration seconds, longest write seconds, writes) with the writer running throughout."""
    ctx = mp.get_context("spawn")
    ready, stop, out = ctx.Event(), ctx.Event(), ctx.Queue()
    proc = ctx.Process(target=writer, args=(url, rows + 10, ready, stop, out))
    proc.start()
    if not ready.wait(60):
        raise SystemExit("the writer did not start writing")
    started = time.perf_counter()
    run_steps(url, steps)
    took = time.perf_counter() - started
    stop.set()
    worst, count = out.get(timeout=60)
    proc.join()
    return took, worst, count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=2_000_000)
    args = ap.parse_args()
    server = _server()
    tag = uuid.uuid4().hex[:8]
    template, desired = f"forge_stall_tpl_{tag}", f"forge_stall_des_{tag}"
    made = [template, desired]
    server.create_database(template)
    server.create_database(desired)
    try:
        with psycopg.connect(server.url_for(template), autocommit=True) as conn:
            conn.execute(CURRENT.format(rows=args.rows))
            conn.execute("VACUUM ANALYZE item")
        with psycopg.connect(server.url_for(desired), autocommit=True) as conn:
            conn.execute(DESIRED)
        current, want = _inspect(server.url_for(template)), _inspect(server.url_for(desired))
        print(f"{args.rows:,} rows; index, foreign key, check, unique and NOT NULL added under a steady write load")
        print(f"{'form':<8} {'steps':>5} {'migration':>10} {'longest write':>14} {'writes':>8}")
        for label, online in (("online", True), ("plain", False)):
            plan = build_plan(current, want, online=online)
            db = f"forge_stall_{label}_{tag}"
            server.create_database(db, template=template)
            made.append(db)
            took, worst, count = measure(server.url_for(db), plan.up_steps, args.rows)
            print(f"{label:<8} {len(plan.up_steps):>5} {took:>9.2f}s {worst * 1000:>12.0f}ms {count:>8}")
            with psycopg.connect(server.url_for(db)) as conn:  # the migration did what it says
                assert build_plan(inspect_database(conn), want).empty
    finally:
        for db in made:
            server.drop_database(db)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
