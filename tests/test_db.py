"""The connection layer: scratch databases, redaction, the embedded server."""

from schemaforge.db import Server, redact, with_dbname


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
