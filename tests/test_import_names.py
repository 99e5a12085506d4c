"""``forge import`` writes a constraint or index name exactly where the YAML would not give it
back, also when the imported files do not validate (finding 8 of issue 8): such files were
written with no explicit name at all, so a later fix to the one bad line silently renamed
every constraint and index that had a name of its own."""

from __future__ import annotations

import psycopg
import pytest
from ruamel.yaml import YAML

from schemaforge.entities.roundtrip import import_model
from schemaforge.inspect import inspect_database

from .conftest import query, run_sql
from .importcheck import import_is_noop

# An index access method under the name an extension's method has (bloom), made without that
# extension: the imported YAML names it and no extension, and validation refuses it. (Any other
# method name validates: the server checks that it exists.)
CUSTOM_METHOD = """
CREATE ACCESS METHOD bloom TYPE INDEX HANDLER bthandler;
CREATE OPERATOR CLASS forge_int4_ops DEFAULT FOR TYPE int4 USING bloom AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 btint4cmp(int4, int4);
CREATE INDEX odd_method ON t USING bloom (a);
"""

TABLE = """
CREATE TABLE t (a int, b int CONSTRAINT b_positive CHECK (b > 0), c int CHECK (c > 0),
                CONSTRAINT t_a_key UNIQUE (a));
CREATE INDEX own_name ON t (b);
CREATE INDEX ON t (c);
"""


def _imported(url: str) -> tuple[dict, list[str]]:
    """The imported entity ``T`` as data, and the import's problems."""
    with psycopg.connect(url) as conn:
        result = import_model(inspect_database(conn))
    assert sorted(result.files) == ["t.yaml"]
    return YAML(typ="safe").load(result.files["t.yaml"])["entities"]["T"], result.problems


def _names(entity: dict) -> list:
    """The explicit name of each index, then of each unique key (None: left out)."""
    uniques = entity.get("unique", [])  # a unique key written on the table, not on its column
    if entity["columns"]["a"].get("unique"):
        uniques.append({})
    return [ix.get("name") for ix in entity["indexes"]] + [u.get("name") for u in uniques]


def test_names_of_their_own_written_and_default_names_left_out(db_url):
    run_sql(db_url, TABLE)
    entity, problems = _imported(db_url)
    assert problems == []
    assert _names(entity) == ["own_name", None, None]
    assert list(entity["checks"]) == ["b_positive", "t_c_check"]  # checks are keyed by their name


def test_names_are_explicit_when_the_files_do_not_validate(db_url):
    if int(query(db_url, "SHOW server_version_num")[0][0]) < 160000:
        pytest.skip("PostgreSQL 15 refuses a btree handler under another access method's name")
    run_sql(db_url, TABLE + CUSTOM_METHOD)
    entity, problems = _imported(db_url)
    assert problems == ["t.yaml:15:50: index method 'bloom' needs the extension 'bloom'"]
    # the round trip cannot tell which names would come back: every one is written
    assert _names(entity) == ["odd_method", "own_name", "t_c_idx", "t_a_key"]



@pytest.mark.parametrize("schema", ["public", "ext"])
def test_an_index_method_an_extension_provides_imports_and_validates(project, schema):
    """``hnsw`` (pgvector), with the extension in the table's schema or in one of its own."""
    if not query(project.db_url, "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'"):
        pytest.skip("the server has no pgvector")
    run_sql(project.db_url, f"""
        CREATE SCHEMA IF NOT EXISTS {schema};
        CREATE EXTENSION vector SCHEMA {schema};
        CREATE TABLE items (id int, e {schema}.vector(3));
        CREATE INDEX ON items USING hnsw (e {schema}.vector_l2_ops);
        CREATE INDEX own_name ON items USING ivfflat (e {schema}.vector_cosine_ops) WITH (lists = 4);
    """)
    out = import_is_noop(project.db_url, project.root)  # no "does not validate", an empty plan
    entity = YAML(typ="safe").load((out / "items.yaml").read_text())["entities"]["Items"]
    assert entity["columns"]["e"]["type"] == ("vector(3)" if schema == "public" else "ext.vector(3)")
    assert [(ix["method"], ix.get("name")) for ix in entity["indexes"]] == [("hnsw", None), ("ivfflat", "own_name")]


COLLIDING = """
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE t (id int CONSTRAINT t_pkey PRIMARY KEY, a int, b text, p int REFERENCES p,
                q int CONSTRAINT t_q_fk REFERENCES p, CONSTRAINT t_a_key1 UNIQUE (a));
CREATE TABLE t_a_key (x int);  -- takes the default name of t's unique key: PostgreSQL says t_a_key1
CREATE INDEX ON t (a);
CREATE INDEX ON t (a);  -- t_a_idx1
CREATE INDEX ON t (lower(b));
CREATE INDEX t_b_lower_idx ON t (lower(b));  -- a name of its own on an expression key
CREATE INDEX ON t (a) INCLUDE (b);
CREATE INDEX t_whole_lot_of_name_idx ON t (b, a);
"""


def test_names_known_custom_upfront_change_nothing(db_url, monkeypatch):
    """The names import writes from the first pass (``_never_default``) are exactly the ones
    the build-and-compare loop would find: the files are byte-identical either way."""
    from schemaforge.entities import roundtrip

    run_sql(db_url, COLLIDING)
    with psycopg.connect(db_url) as conn:
        db = inspect_database(conn)
    seeded = import_model(db).files
    assert roundtrip._never_default(db) >= {("public", "t", "t_q_fk"), ("public", "t", "t_b_lower_idx"),
                                            ("public", "t", "t_whole_lot_of_name_idx")}
    monkeypatch.setattr(roundtrip, "_never_default", lambda db: set())
    assert import_model(db).files == seeded
