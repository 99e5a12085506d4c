"""The proof behind local canonicalization (issue 11): what :mod:`schemaforge.canonical`
computes must be exactly what the server teaches :func:`schemaforge.normalize.normalize`.

Thousands of generated tables (``tests/canongen.py``: common types, literal and clock
defaults, checks, partial and expression indexes, identity columns, hostile strings, keyword
and long names, colliding sequence names) are materialized through the server in a few
workspaces with the local shortcut off, and every table the canonicalizer claims to know is
compared field by field with the server's answer, and so is the server's answer fed back
in (the catalog text of a target: a local fixpoint must be the server's fixpoint). The share
of tables proven locally is printed (run with ``-s``).
"""

from __future__ import annotations

import os
from dataclasses import replace

import psycopg
import pytest

from schemaforge.canonical import canonical_context, canonical_table, prove_tables
from schemaforge.entities import load_texts
from schemaforge.inspect import inspect_database
from schemaforge.model import Database, Schema
from schemaforge.normalize import normalize, settle_current
from tests.canongen import schema_doc
from tests.conftest import run_sql


def _no_workspace(*_args, **_kwargs):
    raise AssertionError("a scratch database was opened")


BATCHES = int(os.environ.get("FORGE_CANON_BATCHES", "4"))
PER_BATCH = 250


def _load(text: str) -> Database:
    return load_texts({"schema.yaml": text})


def _server_answer(pg_server, desired: Database) -> Database:
    return normalize(desired, pg_server, ["public"], local=False, probe=False)


@pytest.mark.parametrize("seed", range(BATCHES))
def test_local_form_is_the_servers(pg_server, seed):
    desired = _load(schema_doc(1000 + seed, PER_BATCH))
    version = pg_server.version()
    server = _server_answer(pg_server, desired)
    by_name = {t.qname: replace(t, foreign_keys=()) for t in server.tables}
    proven = compared = 0
    for t in desired.tables:
        local = canonical_table(t, desired, version)
        if local is not None:
            proven += 1
            assert local == (by_name[t.qname], ()), t.name
        again = canonical_table(by_name[t.qname], server, version)  # catalog text as input
        if again is not None:
            compared += 1
            assert again == (by_name[t.qname], ()), t.name
    # in one pass, as normalize proves them (a column shared by tables worked out once): the same
    assert prove_tables(desired.tables, desired, version) == {
        t.qname: found for t in desired.tables if (found := canonical_table(t, desired, version)) is not None}
    print(f"\nseed {seed}: {proven}/{len(desired.tables)} tables proven locally, "
          f"{compared} of their catalog forms proven fixpoints")
    assert proven >= PER_BATCH // 5  # the generator keeps a fair share inside the grammar
    assert compared >= proven


BENCH_LIKE = """
entities:
  T0:
    table: t00000
    comment: table number 0
    columns:
      id: { type: bigint, primary: true, identity: always }
      name: { type: varchar(100) }
      email: { type: text, unique: true }
      amount: { type: "numeric(12,2)", default: 0 }
      qty: { type: integer, default: 1, check: qty >= 0 }
      active: { type: boolean, default: true }
      created_at: { type: timestamptz, default_sql: now() }
      updated_at: { type: timestamptz, nullable: true }
      payload: { type: jsonb, nullable: true }
      code: { type: char(8), nullable: true }
    indexes:
      - { columns: [name] }
      - { expressions: ["lower(email)"], where: "active" }
"""


def test_a_plain_table_is_proven_and_exact(pg_server):
    """The benchmark's table: every part inside the grammar, so no scratch database at all."""
    desired = _load(BENCH_LIKE)
    version = pg_server.version()
    local = canonical_table(desired.tables[0], desired, version)
    assert local is not None
    table, owned = local
    assert owned == ()
    assert [c.expression for c in table.checks] == ["(qty >= 0)"]
    assert [(i.name, i.elements[0].expression or i.elements[0].column, i.where) for i in table.indexes] == [
        ("t00000_lower_idx", "lower(email)", "active"), ("t00000_name_idx", "name", None)]
    assert (table, ()) == (replace(_server_answer(pg_server, desired).tables[0], foreign_keys=()), ())


def test_normalize_of_a_plain_schema_needs_no_workspace(pg_server, monkeypatch):
    desired = _load(BENCH_LIKE)
    expected = _server_answer(pg_server, desired)

    monkeypatch.setattr(type(pg_server), "workspace", _no_workspace)
    assert normalize(desired, pg_server, ["public"]) == expected


@pytest.mark.parametrize("schemas", [
    (Schema("public"),),
    (Schema("public", "standard public schema"), Schema("app", "it's; -- $$"), Schema("Mixed Case")),
    (Schema("app"),),
    (Schema("public", "ours"), Schema("schemaforge")),
])
def test_a_context_of_schemas_is_the_servers(pg_server, schemas):
    desired = Database(schemas=schemas)
    managed = sorted({s.name for s in schemas} | {"public"})
    server = normalize(desired, pg_server, managed, local=False)
    assert canonical_context(desired, managed, pg_server.version()) == server
    assert canonical_context(desired, ["app"], pg_server.version()) == normalize(desired, pg_server, ["app"], local=False)


def test_what_the_grammar_leaves_out_goes_to_the_server(pg_server):
    """Each of these once looked canonical and is not (the corpus found them)."""
    version = pg_server.version()
    cases = {
        "numeric(5)": "      c: { type: \"numeric(5)\", nullable: true }\n",  # reads numeric(5,0)
        "IN on bigint": "      c: { type: bigint, nullable: true, check: \"c IN (1, 2)\" }\n",  # elements cast
        "IN on varchar": "      c: { type: varchar(9), nullable: true, check: \"c IN ('a', 'b')\" }\n",  # no fixpoint
        "NULL on varchar(9)": "      c: { type: varchar(9), nullable: true, default_sql: \"NULL\" }\n",
        "keyword column": "      \"user\": { type: integer, nullable: true, check: '\"user\" > 0' }\n",
        "E string": "      c: { type: text, nullable: true, default_sql: \"E'a'\" }\n",
        "other function": "      c: { type: text, nullable: true, default_sql: \"upper('a')\" }\n",
        # PostgreSQL would refuse these: the refusal must come from the server, at plan time
        "system column name": "      xmin: { type: integer, nullable: true }\n",
        "json (no btree class)": "      c: { type: json, unique: true }\n",
    }
    for what, column in cases.items():
        desired = _load("entities:\n  A:\n    columns:\n" + column)
        assert canonical_table(desired.tables[0], desired, version) is None, what
    seq = _load("entities:\n  A:\n    columns:\n      id: { type: bigint, primary: true, identity: always }\n"
                "  B:\n    table: a_id_seq\n    columns:\n      x: { type: integer, nullable: true }\n")
    assert canonical_table(seq.table("public", "a"), seq, version) is None  # its sequence is a_id_seq1
    assert canonical_table(seq.table("public", "a"), seq, 140000) is None  # versions not proven


def test_a_shared_column_is_proven_per_table(pg_server):
    """Tables share equal column objects: the column's own part is worked out once, but each
    table's names are its own. ``a``'s identity sequence would collide with table ``a_id_seq``
    (PostgreSQL picks ``a_id_seq1``), ``b``'s would not: ``b`` is proven, ``a`` is not, in
    either order."""
    db = _load("entities:\n" + "".join(
        f"  {n.upper()}:\n    columns:\n      id: {{ type: bigint, primary: true, identity: always }}\n" for n in "ab")
        + "  S:\n    table: a_id_seq\n    columns:\n      x: { type: integer, nullable: true }\n")
    a, b = db.table("public", "a"), db.table("public", "b")
    assert a.columns[0] is b.columns[0]
    version = pg_server.version()
    for order in ([a, b], [b, a]):
        assert sorted(str(q) for q in prove_tables(order, db, version)) == ["public.b"]


def test_settle_current_proves_locally_what_it_can(pg_server, make_db, monkeypatch):
    """A target's table written by hand in a spelling the catalog never prints is settled
    without a scratch database (even though its context would need one), to the form the
    server would settle it to."""
    url = make_db()
    # an enum: the context alone would need a scratch database, the table does not
    run_sql(url, "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (id integer PRIMARY KEY, name varchar(20) CHECK (name <> ''),"
                 " n integer DEFAULT -1 CHECK (n IN (1, 2)))")
    with psycopg.connect(url) as conn:
        current = inspect_database(conn, ["public"])
    desired = _load("entities:\n  T:\n    table: t\n    columns:\n      id: { type: integer, primary: true }\n")
    monkeypatch.setattr(type(pg_server), "workspace", _no_workspace)
    settled = settle_current(current, desired, pg_server, ["public"])
    monkeypatch.undo()
    expected = normalize(current, pg_server, ["public"], local=False, probe=False)
    assert settled.tables == expected.tables
    assert [(c.name, c.expression) for c in settled.tables[0].checks] == [
        ("t_n_check", "(n = ANY (ARRAY[1, 2]))"), ("t_name_check", "((name)::text <> ''::text)")]
    assert settled.tables[0].column("n").default == "'-1'::integer"
