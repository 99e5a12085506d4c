"""Default names match PostgreSQL's, including 63-byte truncation and numeric suffixes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemaforge import naming
from schemaforge.naming import Namespace, make_object_name


def test_basic_names():
    ns = Namespace({"users"})
    assert naming.pkey_name("users", ns) == "users_pkey"
    assert naming.unique_name("users", ["email"], ns) == "users_email_key"
    assert naming.unique_name("users", ["a", "b"], ns) == "users_a_b_key"
    assert naming.fkey_name("post", ["author_id"], ns) == "post_author_id_fkey"
    assert naming.check_name("users", "age", ns) == "users_age_check"
    assert naming.check_name("users", None, ns) == "users_check"
    assert naming.index_name("users", ["created_at"], ns) == "users_created_at_idx"
    assert naming.not_null_name("users", "email", ns) == "users_email_not_null"
    assert naming.sequence_name("users", "id", ns) == "users_id_seq"


def test_numeric_suffix_on_collision():
    ns = Namespace({"t"})
    assert naming.index_name("t", ["a"], ns) == "t_a_idx"
    assert naming.index_name("t", ["a"], ns) == "t_a_idx1"
    assert naming.index_name("t", ["a"], ns) == "t_a_idx2"
    # unique constraints share the relation namespace with indexes
    ns2 = Namespace({"t", "t_a_key"})
    assert naming.unique_name("t", ["a"], ns2) == "t_a_key1"
    # check/fkey names only collide with constraints
    ns3 = Namespace(relations={"t_a_check"})
    assert naming.check_name("t", "a", ns3) == "t_a_check"
    assert naming.check_name("t", "a", ns3) == "t_a_check1"


def test_truncation_shortens_longer_part_first():
    t = "t" * 40
    c = "c" * 40
    name = make_object_name(t, c, "key")
    assert len(name.encode()) == 63
    # 63 - len("_key") - 1 = 58 chars shared: 29 + 29
    assert name == "t" * 29 + "_" + "c" * 29 + "_key"
    assert make_object_name("a" * 70, "b" * 10, "key") == "a" * 48 + "_" + "b" * 10 + "_key"
    assert make_object_name("a" * 70, None, "pkey") == "a" * 58 + "_pkey"


def test_truncation_is_multibyte_safe():
    name = make_object_name("é" * 40, None, "pkey")
    assert len(name.encode()) <= 63
    assert name.endswith("_pkey") and set(name[:-5]) == {"é"}


def test_suffix_after_truncation_keeps_63_bytes():
    ns = Namespace()
    first = naming.index_name("x" * 80, ["y"], ns)
    second = naming.index_name("x" * 80, ["y"], ns)
    assert second.endswith("_idx1") and len(second.encode()) == 63 and first != second


def test_name_addition_stops_at_namedatalen():
    cols = ["c" * 30] * 5
    assert naming.name_addition(cols) == "_".join(["c" * 30] * 3)


def test_expression_index_names():
    ns = Namespace({"users"})
    assert naming.figure_index_colname("lower(email)") == "lower"
    assert naming.figure_index_colname("(a + b)") is None
    assert naming.figure_index_colname("CASE WHEN a THEN 1 END") == "case"
    assert naming.index_name("users", [naming.figure_index_colname("lower(email)")], ns) == "users_lower_idx"
    assert naming.index_name("users", [None, None], ns) == "users_expr_expr1_idx"


CASES = [
    ("CREATE TABLE {t} (id int PRIMARY KEY, email text UNIQUE, age int CHECK (age > 0))", None),
    ("CREATE INDEX ON {t} (lower(email))", None),
    ("CREATE INDEX ON {t} ((age + 1))", None),
    ("CREATE INDEX ON {t} (email)", None),
    ("CREATE INDEX ON {t} (email)", None),
    ("CREATE INDEX ON {t} (age) INCLUDE (email)", None),
    ("ALTER TABLE {t} ADD UNIQUE (email, age)", None),
    ("ALTER TABLE {t} ADD CHECK (age < 200 AND id > 0)", None),
]


def test_names_match_postgresql(db_url):
    """Ask a real server for the names it chooses and compare."""
    import psycopg

    table = "a_rather_long_table_name_that_needs_truncation_when_combined"
    with psycopg.connect(db_url, autocommit=True) as conn:
        for sql, _ in CASES:
            conn.execute(sql.format(t=table))
        rows = conn.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'i' "
            "UNION SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('c','u','p')",
            (table,),
        ).fetchall()
    actual = {r[0] for r in rows}
    ns = Namespace({table})
    expected = {
        naming.choose_constraint_name(table, "age", "check", ns),
        naming.pkey_name(table, ns),
        naming.unique_name(table, ["email"], ns),
        naming.index_name(table, [naming.figure_index_colname("lower(email)")], ns),
        naming.index_name(table, [naming.figure_index_colname("(age + 1)")], ns),
        naming.index_name(table, ["email"], ns),
        naming.index_name(table, ["email"], ns),
        naming.index_name(table, ["age", "email"], ns),
        naming.unique_name(table, ["email", "age"], ns),
        naming.choose_constraint_name(table, None, "check", ns),
    }
    assert actual == expected


@pytest.mark.parametrize("n", [10, 40, 63])
def test_truncated_names_match_postgresql(db_url, n):
    import psycopg

    table = "t" * n
    col = "é" * 20
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(f'CREATE TABLE "{table}" ("{col}" int PRIMARY KEY, b int UNIQUE)')
        conn.execute(f'CREATE INDEX ON "{table}" ("{col}", b)')
        names = {r[0] for r in conn.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'i'")}
    ns = Namespace({table})
    assert names == {naming.pkey_name(table, ns), naming.unique_name(table, ["b"], ns),
                     naming.index_name(table, [col, "b"], ns)}


def _every_try(name, name1, name2, label, tries=10):
    return any(make_object_name(name1, name2, label + (str(n) if n else "")) == name for n in range(tries))


PARTS = st.text(alphabet="ab_1é日", max_size=40)  # multi-byte: truncation moves the suffix


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(PARTS, st.none() | PARTS, st.sampled_from(["pkey", "key", "fkey", "idx", "excl", "x1", ""]),
       st.integers(0, 12), st.booleans(), PARTS)
def test_may_be_chosen_equals_trying_every_suffix(name1, name2, label, n, chosen, other):
    """Reading the suffix off the name answers as making all ``tries`` candidates does: for
    names that are a candidate (any suffix, in range or not) and for names that are not."""
    name = make_object_name(name1, name2, label + (str(n) if n else "")) if chosen else other
    assert naming.may_be_chosen(name, name1, name2, label) == _every_try(name, name1, name2, label)
    for extra in ("_" + label, "_" + label + "0", "_" + label + "²", "x"):
        assert naming.may_be_chosen(name + extra, name1, name2, label) == _every_try(name + extra, name1, name2, label)
