"""Attributes the model used to drop (issue 10, item 4): PostgreSQL 18 temporal keys and
virtual generated columns, extension versions, extension types' modifiers, any index access
method, and partitions' NOT NULL names. The corpus folders temporal/, virtual_generated/,
extension_attributes/ and partition_keys/ prove the plans; these tests prove the YAML side,
the import and the errors, each with exact text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemaforge import changes as ch
from schemaforge.model import Extension, QName
from schemaforge.render import render_change

from .conftest import ok, plan_json, query, run_sql
from .importcheck import import_is_noop

HEAD = "entities:\n  Room:\n    columns:\n      id: { type: integer }\n      during: { type: tstzrange }\n"


def _version(url: str) -> int:
    return int(query(url, "SHOW server_version_num")[0][0])


def _problems(project) -> list[str]:
    res = project.forge("validate")
    assert res.exit_code == 1, res.output
    return [line for line in res.output.splitlines() if ": error: " in line]


# ---------------------------------------------------------------- validation (offline)

@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(HEAD + "    primary_key: { columns: [during], without_overlaps: true }\n",
                 "schema/app.yaml:6:39: error: a primary key with without_overlaps needs at least two columns",
                 id="pk-one-column"),
    pytest.param(HEAD + "    unique:\n      - { columns: [during], without_overlaps: true }\n",
                 "schema/app.yaml:7:30: error: a unique constraint with without_overlaps needs at least two columns",
                 id="unique-one-column"),
    pytest.param(HEAD + "    foreign_keys:\n      - { columns: [during], references: { entity: Room, columns: [during] },"
                 " period: true }\n",
                 "schema/app.yaml:7:79: error: a foreign key with period needs at least two columns on each side",
                 id="fk-period-one-column"),
    pytest.param(HEAD + "      twice: { type: integer, generated_kind: virtual }\n",
                 "schema/app.yaml:6:31: error: generated_kind in column 'twice' has no effect without generated_sql",
                 id="generated-kind-alone"),
    pytest.param(HEAD + "    not_null_names: { id: room_id_required }\n",
                 "schema/app.yaml:6:5: error: not_null_names needs partition_of",
                 id="not-null-names-outside-partition"),
])
def test_mistakes_are_located(offline_project, text, expected):
    offline_project.schema(text)
    assert _problems(offline_project) == [expected]


def test_generated_kind_accepts_only_stored_or_virtual(offline_project):
    offline_project.schema(HEAD + "      g: { type: integer, generated_sql: id * 2, generated_kind: lazy }\n")
    assert _problems(offline_project) == [
        "schema/app.yaml:6:66: error: string \"lazy\" is not a valid value for 'generated_kind' of column 'g'; "
        "expected one of: stored, virtual"]


# ---------------------------------------------------------------- index access methods

def test_an_access_method_that_does_not_exist_is_the_servers_located_error(project):
    project.schema("entities:\n  User:\n    columns:\n      id: { type: integer, primary: true }\n"
                   "    indexes:\n      - { columns: [id], method: btre }\n")
    assert project.forge("validate").exit_code == 0  # any name validates: the server knows which exist
    res = project.forge("plan")
    assert res.exit_code == 1
    assert ('schema/app.yaml:6:9: error: index names a type or object that does not exist '
            '(PostgreSQL: access method "btre" does not exist)') in res.output.splitlines()


def test_an_access_method_from_an_extension_plans_and_applies(project):
    project.schema("extensions: [bloom]\nentities:\n  T:\n    columns:\n      a: { type: integer }\n"
                   "      b: { type: integer }\n    indexes:\n      - { columns: [a, b], method: bloom }\n")
    ok(project.forge("sync"))
    assert query(project.db_url, "SELECT amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam "
                                 "WHERE c.relname = 't_a_b_idx'") == [("bloom",)]
    assert plan_json(project)["changes"] == []


# ---------------------------------------------------------------- extension versions

def test_a_pinned_version_updates_and_no_version_never_changes(project):
    # 1.5 -> 1.6: both there and joined by an update script on PostgreSQL 15 and 18 alike
    run_sql(project.db_url, "CREATE EXTENSION citext VERSION '1.5'")
    project.schema("extensions:\n  - { name: citext, version: '1.6' }\n")
    doc = plan_json(project)
    assert doc["up"] == ["ALTER EXTENSION \"citext\" UPDATE TO '1.6'"]
    assert doc["down"] == ["ALTER EXTENSION \"citext\" UPDATE TO '1.5'"]
    assert [(h["code"], h["kind"]) for h in doc["hazards"]] == [("SF701", "irreversible")]
    project.schema("extensions: [citext]\n")
    assert plan_json(project)["changes"] == []  # no version in the YAML: whatever is installed
    project.schema("extensions:\n  - { name: citext, version: '1.6' }\n")
    ok(project.forge("sync"))
    assert query(project.db_url, "SELECT extversion FROM pg_extension WHERE extname = 'citext'") == [("1.6",)]
    assert plan_json(project)["changes"] == []


def test_a_version_is_a_literal_whatever_it_holds():
    sql = render_change(ch.CreateExtension(Extension("cit\"ext", version="1.0'; DROP TABLE t; --")))
    assert sql == ["CREATE EXTENSION IF NOT EXISTS \"cit\"\"ext\" VERSION '1.0''; DROP TABLE t; --'"]
    sql = render_change(ch.UpdateExtension("citext", "1.6", "2'\n"))
    assert sql == ["ALTER EXTENSION \"citext\" UPDATE TO '2''\n'"]


# ---------------------------------------------------------------- import

def _imported_text(workdir: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted((workdir / "imported").glob("*.yaml"))}


def test_import_writes_versions_typmods_and_methods(db_url, tmp_path):
    run_sql(db_url, """
        CREATE EXTENSION pg_trgm VERSION '1.5';
        CREATE EXTENSION cube;
        CREATE TABLE doc (id int PRIMARY KEY, title text, box cube, amounts numeric(7,2)[]);
        CREATE INDEX doc_title ON doc USING gist (title gist_trgm_ops);
    """)
    import_is_noop(db_url, tmp_path)
    files = _imported_text(tmp_path)
    cube = query(db_url, "SELECT extversion FROM pg_extension WHERE extname = 'cube'")[0][0]
    assert files["_extensions.yaml"].splitlines()[2:] == [
        "extensions:", f"  - {{name: cube, version: '{cube}'}}", "  - {name: pg_trgm, version: '1.5'}"]
    assert "      amounts: {type: 'numeric(7,2)[]', nullable: true}" in files["doc.yaml"].splitlines()
    assert "      - {name: doc_title, columns: [{name: title, opclass: public.gist_trgm_ops}], method: gist}" \
        in files["doc.yaml"].splitlines()


def test_import_keeps_the_modifier_of_an_extension_type(db_url, tmp_path):
    if not query(db_url, "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'"):
        pytest.skip("the server has no pgvector")
    run_sql(db_url, "CREATE EXTENSION vector; CREATE TABLE item (id int PRIMARY KEY, e vector(20), h halfvec(3));"
                    "CREATE INDEX item_e ON item USING hnsw (e vector_l2_ops)")
    import_is_noop(db_url, tmp_path)
    lines = _imported_text(tmp_path)["item.yaml"].splitlines()
    assert "      e: {type: vector(20), nullable: true}" in lines
    assert "      h: {type: halfvec(3), nullable: true}" in lines
    assert "      - {name: item_e, columns: [{name: e, opclass: public.vector_l2_ops}], method: hnsw}" in lines


def test_import_writes_temporal_keys_and_virtual_columns(db_url, tmp_path):
    if _version(db_url) < 180000:
        pytest.skip("temporal keys and virtual generated columns need PostgreSQL 18")
    run_sql(db_url, """
        CREATE EXTENSION btree_gist;
        CREATE TABLE room (id int, during tstzrange, PRIMARY KEY (id, during WITHOUT OVERLAPS),
                           half int GENERATED ALWAYS AS (id / 2) VIRTUAL);
        CREATE TABLE booking (id int, room_id int, during tstzrange,
                              CONSTRAINT booking_once UNIQUE (id, during WITHOUT OVERLAPS),
                              FOREIGN KEY (room_id, PERIOD during) REFERENCES room (id, PERIOD during));
    """)
    import_is_noop(db_url, tmp_path)
    files = _imported_text(tmp_path)
    room = files["room.yaml"].splitlines()
    assert "      half: {type: integer, nullable: true, generated_sql: (id / 2), generated_kind: virtual}" in room
    assert "    primary_key: {columns: [id, during], without_overlaps: true}" in room
    booking = files["booking.yaml"].splitlines()
    assert "      - {columns: [id, during], name: booking_once, without_overlaps: true}" in booking
    assert booking[booking.index("    foreign_keys:"):] == [
        "    foreign_keys:", "      - columns: [room_id, during]",
        "        references: {entity: Room, columns: [id, during]}", "        period: true"]


def test_import_writes_a_partitions_own_not_null_names(db_url, tmp_path):
    if _version(db_url) < 180000:
        pytest.skip("named NOT NULL constraints need PostgreSQL 18")
    run_sql(db_url, """
        CREATE TABLE p (id int NOT NULL, k int) PARTITION BY RANGE (k);
        CREATE TABLE p1 PARTITION OF p (CONSTRAINT p1_id_required NOT NULL id) FOR VALUES FROM (0) TO (10);
        CREATE TABLE p2 PARTITION OF p FOR VALUES FROM (10) TO (20);
    """)
    import_is_noop(db_url, tmp_path)
    files = _imported_text(tmp_path)
    assert files["p1.yaml"].splitlines()[2:] == [
        "entities:", "  P1:", "    partition_of: P", "    partition_bound: FOR VALUES FROM (0) TO (10)",
        "    not_null_names: {id: p1_id_required}"]
    assert "not_null_names" not in files["p2.yaml"]


def test_a_partitions_not_null_rename_detaches_and_attaches(project):
    if _version(project.db_url) < 180000:
        pytest.skip("named NOT NULL constraints need PostgreSQL 18")
    run_sql(project.db_url, """
        CREATE TABLE p (id int NOT NULL, k int) PARTITION BY RANGE (k);
        CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);
        INSERT INTO p VALUES (1, 5);
    """)
    project.schema("entities:\n  P:\n    partition_by: RANGE (k)\n    columns:\n      id: { type: integer }\n"
                   "      k: { type: integer, nullable: true }\n  P1:\n    partition_of: P\n"
                   "    partition_bound: FOR VALUES FROM (0) TO (10)\n    not_null_names: { id: p1_id_required }\n")
    doc = plan_json(project)
    assert doc["up"] == [
        'ALTER TABLE "public"."p" DETACH PARTITION "public"."p1"',
        'ALTER TABLE "public"."p1" RENAME CONSTRAINT "p_id_not_null" TO "p1_id_required"',
        'ALTER TABLE "public"."p" ATTACH PARTITION "public"."p1" FOR VALUES FROM (0) TO (10)',
    ]
    assert doc["down"] == [
        'ALTER TABLE "public"."p" DETACH PARTITION "public"."p1"',
        'ALTER TABLE "public"."p1" RENAME CONSTRAINT "p1_id_required" TO "p_id_not_null"',
        'ALTER TABLE "public"."p" ATTACH PARTITION "public"."p1" FOR VALUES FROM (0) TO (10)',
    ]
    ok(project.forge("sync"))
    assert query(project.db_url, "SELECT conname FROM pg_constraint WHERE conrelid = 'p1'::regclass "
                                 "AND contype = 'n'") == [("p1_id_required",)]
    assert query(project.db_url, "SELECT id, k FROM p") == [(1, 5)]  # the rows stayed
    assert plan_json(project)["changes"] == []


def test_json_schema_documents_each_new_key():
    schema = json.loads((Path(__file__).parent.parent / "schemaforge/data/schemaforge.schema.json").read_text())
    ent = schema["properties"]["entities"]["additionalProperties"]["properties"]
    assert ent["columns"]["additionalProperties"]["properties"]["generated_kind"]["enum"] == ["stored", "virtual"]
    assert ent["primary_key"]["anyOf"][1]["properties"]["without_overlaps"]["type"] == "boolean"
    assert ent["unique"]["items"]["anyOf"][1]["properties"]["without_overlaps"]["type"] == "boolean"
    assert ent["foreign_keys"]["items"]["properties"]["period"]["type"] == "boolean"
    assert ent["not_null_names"]["additionalProperties"] == {"type": "string"}
    assert schema["properties"]["extensions"]["items"]["anyOf"][1]["properties"]["version"]["type"] == "string"


def test_qname_of_a_rename_change_is_its_partition():
    c = ch.RenamePartitionNotNulls(QName("s", "p1"), QName("s", "p"), "DEFAULT", (("id", "a", "b"),))
    assert c.reverse().reverse() == c
    assert c.reverse().renames == (("id", "b", "a"),)
