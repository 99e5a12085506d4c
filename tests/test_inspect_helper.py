"""The catalog read's second connection (inspect/helper.py): it runs its share of the queries on
the first connection's snapshot, and the read never depends on it."""

from __future__ import annotations

import threading

import psycopg
import pytest

from schemaforge.inspect import database, helper, inspect_database
from schemaforge.inspect.session import SnapshotRefused
from tests.conftest import run_sql

SCHEMA = """
CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        email text NOT NULL UNIQUE, age int CHECK (age > 0));
COMMENT ON TABLE customers IS 'who buys';
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id) ON DELETE CASCADE,
                     total numeric(10, 2) NOT NULL DEFAULT 0, placed timestamptz, email_copy text);
CREATE INDEX orders_placed ON orders (placed DESC) WHERE total > 0;
CREATE INDEX orders_lower ON orders (lower(email_copy));
ALTER TABLE orders ALTER COLUMN placed SET STATISTICS 500;
CREATE STATISTICS orders_stats (ndistinct) ON customer_id, total FROM orders;
"""


def read(url: str, open_helper=None):
    with psycopg.connect(url) as conn:
        return inspect_database(conn, helper=open_helper)


def helpers_done() -> None:
    """Wait for helper threads still closing (before the test's database is dropped)."""
    for t in threading.enumerate():
        if t.name == "schemaforge-catalog-helper":
            t.join(timeout=60)


@pytest.fixture
def spy(monkeypatch):
    """Which connection ran which queries: (backend pid, number of queries) per pipeline."""
    calls: list[tuple[int, list[str]]] = []
    real = helper.fetch_many

    def recording(conn, queries, params):
        calls.append((conn.info.backend_pid, list(queries)))
        return real(conn, queries, params)

    monkeypatch.setattr(helper, "fetch_many", recording)
    return calls


def test_the_helper_runs_its_share_and_the_model_is_the_same(db_url, spy):
    run_sql(db_url, SCHEMA)
    alone = read(db_url)
    assert len(spy) == 1  # one pipeline on one connection
    spy.clear()
    opened: list[psycopg.Connection] = []

    def open_helper():
        opened.append(psycopg.connect(db_url))
        return opened[-1]

    assert read(db_url, open_helper) == alone
    queries = database.catalog_queries(alone.server_version)
    share = [queries[name] for name in database.HELPER_SHARE]
    (main_pid, main_queries), = [c for c in spy if c[1] != share]
    (helper_pid, helper_queries), = [c for c in spy if c[1] == share]
    assert main_pid != helper_pid
    assert main_queries == [q for name, q in queries.items() if name not in database.HELPER_SHARE]
    assert opened[0].closed


def test_the_helper_reads_the_first_connections_snapshot(db_url, make_db, monkeypatch):
    """DDL committed after the read's snapshot is taken, before the helper runs its queries:
    neither connection sees it (without SET TRANSACTION SNAPSHOT the helper would)."""
    run_sql(db_url, SCHEMA)
    before = read(db_url)
    real = helper.export_snapshot

    def export_then_change(conn):
        snapshot = real(conn)
        run_sql(db_url, "ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total >= 0);"
                        " CREATE INDEX customers_age ON customers (age);"
                        " CREATE STATISTICS customers_stats ON id, age FROM customers;")
        return snapshot

    monkeypatch.setattr(helper, "export_snapshot", export_then_change)
    assert read(db_url, lambda: psycopg.connect(db_url)) == before
    monkeypatch.setattr(helper, "export_snapshot", real)
    after = read(db_url, lambda: psycopg.connect(db_url))
    assert after != before
    assert [c.name for c in after.table("public", "orders").checks] == ["total_positive"]


def test_a_helper_that_cannot_connect_leaves_its_share_to_the_first(db_url, spy):
    run_sql(db_url, SCHEMA)
    alone = read(db_url)

    def refused():
        raise psycopg.OperationalError("too many clients already")

    spy.clear()
    assert read(db_url, refused) == alone
    assert len({pid for pid, _ in spy}) == 1 and len(spy) == 2  # its own share, then the helper's


def test_a_helper_whose_queries_fail_leaves_its_share_to_the_first(db_url, make_db, spy):
    """A connection to another database cannot import the snapshot."""
    run_sql(db_url, SCHEMA)
    alone = read(db_url)
    other = make_db()
    spy.clear()
    assert read(db_url, lambda: psycopg.connect(other)) == alone
    assert len({pid for pid, _ in spy}) == 1


def test_a_slow_helper_never_holds_the_read_up(db_url, spy):
    run_sql(db_url, SCHEMA)
    alone = read(db_url)
    release, waited_out = threading.Event(), []

    def slow():
        if not release.wait(timeout=20):
            waited_out.append(True)
        return psycopg.connect(db_url)

    spy.clear()
    assert read(db_url, slow) == alone
    release.set()
    helpers_done()
    assert waited_out == []  # the read returned while the helper was still connecting
    assert len({pid for pid, _ in spy}) == 1


def test_a_server_that_will_not_export_its_snapshot_is_read_alone(db_url, monkeypatch, spy):
    run_sql(db_url, SCHEMA)
    alone = read(db_url)

    def refuse(conn):
        try:
            conn.execute("SELECT pg_export_snapshot() FROM no_such_table")
        except psycopg.Error as exc:
            raise SnapshotRefused(str(exc)) from exc

    monkeypatch.setattr(helper, "export_snapshot", refuse)
    spy.clear()
    assert read(db_url, lambda: psycopg.connect(db_url)) == alone
    helpers_done()
    assert len(spy) == 1  # the read again, in one pipeline


def test_no_helper_inside_a_callers_transaction(db_url):
    """Uncommitted DDL of the caller's transaction is visible to the caller's connection only."""
    opened = []
    with psycopg.connect(db_url) as conn:
        conn.execute("CREATE TABLE pending (id int CHECK (id > 0))")
        db = inspect_database(conn, helper=lambda: opened.append(1) or psycopg.connect(db_url))
    assert opened == []
    assert [c.expression for c in db.table("public", "pending").checks] == ["(id > 0)"]
