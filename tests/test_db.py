"""The connection layer: scratch databases, redaction, the embedded server."""

import contextlib

from schemaforge.database.session import Server, redact, with_dbname


def test_redact_hides_passwords_in_urls_and_conninfo():
    assert redact("postgresql://app:s3cret@db/x") == "postgresql://app:***@db/x"
    assert "s3cret" not in redact("host=db password=s3cret user=app")
    assert "s3cret" not in redact("password='s3 cret' host=db")
    assert redact("postgresql://db/x") == "postgresql://db/x"


def test_scratch_database_is_dropped(pg_server: Server):
    with pg_server.scratch() as url:
        name = url.split("dbname=")[1].split()[0]
        assert pg_server.database_exists(name)
        with pg_server.connect(name) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    assert not pg_server.database_exists(name)


def test_each_test_gets_an_empty_database(db_url):
    from tests.conftest import query

    assert query(db_url, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace") == [(0,)]


def test_with_dbname_keeps_credentials():
    url = with_dbname("postgresql://u:pw@h:5433/a", "b")
    assert "dbname=b" in url and "password=pw" in url and "port=5433" in url


def test_workspaces_are_exclusive_and_emptied_before_use(pg_server: Server):
    with pg_server.workspace() as a, pg_server.workspace() as b:
        assert a.info.dbname != b.info.dbname  # concurrent runs never share one
        a.execute("CREATE SCHEMA leftover; CREATE TABLE public.junk (x int); CREATE EXTENSION IF NOT EXISTS citext")
        a.commit()
        used = a.info.dbname
    with contextlib.ExitStack() as stack:  # other test workers may hold some slots meanwhile
        for _ in range(8):
            again = stack.enter_context(pg_server.workspace())
            if again.info.dbname == used:
                break
        assert again.info.dbname == used
        rows = again.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"
        ).fetchone()
        assert rows == (0,)
        assert again.execute("SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql'").fetchone() == (0,)


def test_a_server_is_asked_its_version_by_one_connection(db_url, monkeypatch):
    """A plan asks for the version several times (normalizing each side) after asking whether
    it may create databases: one connection learns both (each costs a backend's start and end)."""
    from schemaforge.database import session
    from tests.conftest import query

    opened: list[str] = []
    real = session.connect
    monkeypatch.setattr(session, "connect", lambda url, **kw: opened.append(url) or real(url, **kw))
    [(expected,)] = query(db_url, "SELECT current_setting('server_version_num')::int")
    server = Server(db_url)
    assert server.can_create_databases()
    assert (server.version(), server.version()) == (expected, expected)
    assert len(opened) == 1
    fresh = Server(db_url)
    assert (fresh.version(), fresh.version()) == (expected, expected)
    assert len(opened) == 2
    assert fresh == server  # the noted version is no part of a server's identity
