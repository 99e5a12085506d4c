"""Rendering details that are easy to get subtly wrong."""

import pytest
from sqlglot import exp

from schemaforge.render import literal, q


@pytest.mark.parametrize("name", ["users", "User", "select", "has space", 'quo"te', "ünïcode", '""', "a.b"])
def test_quoting_matches_sqlglot(name):
    assert q(name) == exp.to_identifier(name, quoted=True).sql(dialect="postgres")


@pytest.mark.parametrize("text", ["it's", "back\\slash", "new\nline", ""])
def test_literals_round_trip_through_postgres(db_url, text):
    from tests.conftest import query

    assert query(db_url, f"SELECT {literal(text)}") == [(text,)]
