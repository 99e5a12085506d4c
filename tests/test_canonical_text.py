"""The small expression grammar may stand in for a full parse only where both agree.

``fragments.expression_error`` and the check-constraint naming skip sqlglot when
``canonical.sqltext.plain_expression`` reads a text as one expression. For thousands of
generated conditions (the canonicalizer's own generator) and hostile near-misses: whatever the
small grammar accepts, sqlglot also reads as exactly one expression, naming the same columns.
"""

from __future__ import annotations

import random

import pytest
import sqlglot
from sqlglot import exp

from schemaforge.canonical.sqltext import plain_expression
from schemaforge.fragments import _sqlglot_error, expression_error
from tests.canongen import TAME_TYPES, condition

COLUMNS = {"qty": "integer", "price": "numeric(12,2)", "name": "text", "code": "varchar(40)", "active": "boolean",
           "big": "bigint", "born": "date", "user": "integer", "Mixed": "text", "order": "text"}


def _sqlglot_columns(text: str) -> set[str]:
    tree = sqlglot.parse_one(f"SELECT {text}", read="postgres")
    return {c.name for c in tree.find_all(exp.Column)}


def test_whatever_the_small_grammar_reads_sqlglot_reads_the_same() -> None:
    rng = random.Random(20261203)
    accepted = 0
    for _ in range(3000):
        cols = {n: rng.choice([t, *TAME_TYPES]) if rng.random() < 0.2 else t for n, t in COLUMNS.items()}
        text = condition(cols, rng)
        if text is None:
            continue
        simple = plain_expression(text)
        if simple is None:
            continue
        accepted += 1
        assert _sqlglot_error(text, statement=False) is None, text
        assert set(simple) == _sqlglot_columns(text), text
    assert accepted > 1000  # the shortcut is actually taken


@pytest.mark.parametrize("text", [
    "qty >= 0 unique", "0 unique", "qty >= 0) OR (1 = 1", "qty >= 0; DROP TABLE x", "qty >= 0 -- x",
    "select > 0", "user > 0", "qty >= $1", "qty >= 0 /* c */", "(qty", "qty >=", "a b", "now() now()",
    "qty >= 0 AND", "NOT", "'a' 'b'", "length(name) > 0 name",
])
def test_near_misses_are_left_to_the_full_parse(text) -> None:
    assert plain_expression(text) is None or _sqlglot_error(text, statement=False) is None
    if _sqlglot_error(text, statement=False) is not None:
        assert expression_error(text) is not None, text
