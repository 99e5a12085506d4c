"""Hostile YAML: every field that reaches SQL, pushed through with quotes, semicolons, ``$$``,
comment markers, backslashes and unicode. Either ``forge validate`` rejects the value at its
line, or the value is carried as data: a canary role the payloads try to create never exists.
"""

from __future__ import annotations

import copy
import json
import uuid

import pytest

from schemaforge import fragments as F
from tests.conftest import query, run_sql, stop_embedded

CANARY = "forge_pwned"  # each test uses its own: forge_pwned_<hex>, dropped afterwards

BASE: dict = {
    "extensions": ["citext"],
    "enums": {"mood": {"values": ["ok", "sad"], "comment": "feelings"}},
    "domains": {"code": {"type": "text", "collation": "C", "default_sql": "'x'",
                         "checks": {"short": "length(VALUE) < 10"}, "comment": "codes"}},
    "composite_types": {"pair": {"attributes": {"x": "integer", "y": {"type": "text", "collation": "C"}}}},
    "entities": {
        "Thing": {
            "table": "thing",
            "comment": "things",
            "columns": {
                "id": {"type": "bigint", "primary": True},
                "a": {"type": "text", "collation": "C", "default_sql": "'x'", "check": "a <> ''", "comment": "an a"},
                "b": {"type": "integer", "generated_sql": "length(a)"},
                "c": {"type": "text", "default": "plain", "nullable": True},
            },
            "indexes": [
                {"name": "thing_a", "columns": [{"name": "a", "opclass": "text_pattern_ops", "collation": "C"}],
                 "method": "btree", "where": "a <> ''", "with": {"fillfactor": 70}},
                {"name": "thing_lower", "expressions": ["lower(a)"]},
            ],
            "checks": {"not_z": "a <> 'z'"},
            "exclusions": [{"name": "thing_excl", "method": "btree", "elements": [{"element": "c", "with": "="}],
                            "where": "c <> ''"}],
            "rls": {"enabled": True},
            "policies": [{"name": "thing_rows", "using": "a <> ''", "with_check": "b > 0", "comment": "rows"}],
            "triggers": {"thing_check": {"timing": "after", "events": ["insert"], "function": "chk",
                                         "constraint": True, "deferrable": True, "from": "log"}},
        },
        "Log": {
            "table": "log",
            "columns": {"k": {"type": "text"}},
            "partition_by": "LIST (k)",
        },
        "LogX": {"table": "log_x", "partition_of": "Log", "partition_bound": "FOR VALUES IN ('x')"},
    },
    "views": {"thing_view": {"sql": "SELECT id, a FROM thing", "options": {"security_barrier": True},
                             "comment": "a view", "columns": {"a": {"comment": "an a"}},
                             "triggers": {"thing_view_ins": {"timing": "instead of", "events": ["insert"],
                                                             "function": "chk", "comment": "writes"}}},
              "thing_mat": {"sql": "SELECT id, a FROM thing", "materialized": True,
                            "statistics": [{"name": "thing_mat_st", "columns": ["id", "a"],
                                            "expressions": ["lower(a)"], "comment": "stats"}]}},
    "functions": {"chk": {"returns": "trigger", "language": "plpgsql", "body": "BEGIN RETURN NULL; END"}},
    "aggregates": {"cat": {"arguments": ["text"], "sfunc": "textcat", "stype": "text", "initcond": "",
                           "comment": "an aggregate"}},
    "range_types": {"trange": {"subtype": "text", "subtype_opclass": "text_pattern_ops", "collation": "C",
                               "multirange": "tranges", "comment": "a range"},
                    "frange": {"subtype": "float8", "subtype_diff": "float8mi"}},
}

# (path into BASE, what the payload replaces). None as the last step means "the key itself".
FIELDS = [
    ("entities", "Thing", "columns", "a", "type"),
    ("entities", "Thing", "columns", "a", "collation"),
    ("entities", "Thing", "columns", "a", "default_sql"),
    ("entities", "Thing", "columns", "a", "check"),
    ("entities", "Thing", "columns", "a", "comment"),
    ("entities", "Thing", "columns", "b", "generated_sql"),
    ("entities", "Thing", "columns", "c", "default"),
    ("entities", "Thing", "comment"),
    ("entities", "Thing", "indexes", 0, "columns", 0, "opclass"),
    ("entities", "Thing", "indexes", 0, "columns", 0, "collation"),
    ("entities", "Thing", "indexes", 0, "method"),
    ("entities", "Thing", "indexes", 0, "where"),
    ("entities", "Thing", "indexes", 0, "with", "fillfactor"),
    ("entities", "Thing", "indexes", 0, "with", None),
    ("entities", "Thing", "indexes", 1, "expressions", 0),
    ("entities", "Thing", "checks", "not_z"),
    ("entities", "Thing", "exclusions", 0, "method"),
    ("entities", "Thing", "exclusions", 0, "elements", 0, "element"),
    ("entities", "Thing", "exclusions", 0, "elements", 0, "with"),
    ("entities", "Thing", "exclusions", 0, "where"),
    ("entities", "Thing", "policies", 0, "using"),
    ("entities", "Thing", "policies", 0, "with_check"),
    ("entities", "Thing", "policies", 0, "comment"),
    ("entities", "Log", "partition_by"),
    ("entities", "LogX", "partition_bound"),
    ("views", "thing_view", "sql"),
    ("views", "thing_view", "comment"),
    ("views", "thing_view", "columns", "a", "comment"),
    ("views", "thing_view", "options", None),
    ("entities", "Thing", "triggers", "thing_check", "from"),
    ("views", "thing_view", "triggers", "thing_view_ins", "function"),
    ("views", "thing_view", "triggers", "thing_view_ins", "comment"),
    ("views", "thing_mat", "statistics", 0, "name"),
    ("views", "thing_mat", "statistics", 0, "expressions", 0),
    ("views", "thing_mat", "statistics", 0, "comment"),
    ("domains", "code", "type"),
    ("domains", "code", "collation"),
    ("domains", "code", "default_sql"),
    ("domains", "code", "checks", "short"),
    ("composite_types", "pair", "attributes", "x"),
    ("composite_types", "pair", "attributes", "y", "collation"),
    ("enums", "mood", "values", 1),
    ("enums", "mood", "comment"),
    ("aggregates", "cat", "arguments", 0),
    ("aggregates", "cat", "sfunc"),
    ("aggregates", "cat", "stype"),
    ("aggregates", "cat", "initcond"),
    ("aggregates", "cat", "comment"),
    ("range_types", "trange", "subtype"),
    ("range_types", "trange", "subtype_opclass"),
    ("range_types", "trange", "collation"),
    ("range_types", "trange", "multirange"),
    ("range_types", "trange", "comment"),
    ("range_types", "frange", "subtype_diff"),
]

PAYLOADS = [
    "{}); CREATE ROLE CANARY; CREATE TABLE zz (a int",
    "{}; CREATE ROLE CANARY",
    "{} -- ",
    "{} /* x */",
    "{}) /* ) */ ; CREATE ROLE CANARY; -- ",
    "{}$$; CREATE ROLE CANARY; $$",
    "{}'; CREATE ROLE CANARY; --",
    "{}\\'); CREATE ROLE CANARY; --",
    '{}"; CREATE ROLE CANARY; --',
    "{}\u037e CREATE ROLE CANARY",
    "{} E'\\''); CREATE ROLE CANARY; --",
    "{}\n; CREATE ROLE CANARY",
    "{}) /* /* */ ; CREATE ROLE CANARY; -- */",
]


def _set(doc: dict, path: tuple, payload: str) -> None:
    node = doc
    for step in path[:-2]:
        node = node[step]
    parent, last = node[path[-2]], path[-1]
    if last is None:  # replace the first key of the mapping
        key = next(iter(parent))
        value = parent.pop(key)
        parent[payload.format(key)] = value
    else:
        parent[last] = payload.format(parent[last])


def _line_of(text: str, payload_json: str) -> int:
    for n, line in enumerate(text.splitlines(), 1):
        if payload_json in line:
            return n
    raise AssertionError(f"{payload_json} not in the YAML")


def _canary_gone(url: str, name: str = CANARY) -> bool:
    return not query(url, "SELECT 1 FROM pg_roles WHERE rolname = %s", [name])


@pytest.fixture
def canary(db_url):
    """A role name no other test uses (roles are cluster-wide); dropped if a payload made it."""
    name = f"{CANARY}_{uuid.uuid4().hex[:8]}"
    yield name
    if not _canary_gone(db_url, name):
        run_sql(db_url, f'DROP ROLE "{name}"')


def test_base_document_syncs(project):
    """The base is valid and syncs, so a payload that is refused is refused for itself."""
    project.schema(json.dumps(BASE, indent=2))
    res = project.forge("sync")
    assert res.exit_code == 0, res.output
    assert project.forge("plan", "--format", "json").exit_code == 0


@pytest.mark.parametrize("path", FIELDS, ids=lambda p: ".".join(str(s) for s in p))
def test_payloads_never_run(project, path, canary):
    accepted = []
    for payload in (p.replace("CANARY", canary) for p in PAYLOADS):
        doc = copy.deepcopy(BASE)
        _set(doc, path, payload)
        text = json.dumps(doc, indent=2, ensure_ascii=False)
        project.schema(text)
        res = project.forge("validate")
        if res.exit_code != 0:
            value = payload.format("")
            needle = json.dumps(value, ensure_ascii=False)[1:-1][:16]
            line = _line_of(text, needle)
            assert f"schema/app.yaml:{line}:" in res.output, (payload, res.output)
            continue
        accepted.append(payload)
        project.forge("sync", "--allow-destructive")  # may fail in PostgreSQL; must not inject
        assert _canary_gone(project.db_url, canary), f"{path}: {payload!r} created a role"
    assert _canary_gone(project.db_url, canary)
    # Free text (comments, labels, literal defaults, a statistics object's name) is data, so it is
    # accepted; SQL fields never.
    data_fields = {"comment", "values", "default", "initcond", "multirange", "name"}
    if not data_fields & set(map(str, path)):
        assert accepted == [], f"{path} accepted {accepted}"


@pytest.mark.parametrize("text", [
    "pg_catalog.int4); CREATE ROLE x ; CREATE TABLE zz (a pg_catalog.int4",
    "int4; drop table x", "text -- x", "text/*x*/", "integer references users", "int primary key",
    "text collate \"C\"", "numeric(1); x", "numeric('1')", "int[1;]", "\"x\"\"; y\"\"\"x",
])
def test_bad_type_names(text):
    assert F.type_error(text) is not None


@pytest.mark.parametrize("text", [
    "integer", "character varying(20)[]", "public.mood", '"My Type"', "timestamp(3) with time zone",
    "interval day to second(3)", "double precision", "bit varying(5)", "geometry(Point, 4326)", "int[][]",
    "pg_catalog.int4", '"char"', "vector(3)", '"x""; y"""',
])
def test_good_type_names(text):
    assert F.type_error(text) is None


@pytest.mark.parametrize(("text", "ok"), [
    ("a > 0", True), ("a IN ('x', 'y')", True), ("E'\\'' = a", True), ("$q$;$q$ = a", True),
    ("a > 0) OR (true", False), ("a > 0; SELECT 1", False), ("a -- c", False), ("a /* /* */ */", False),
    ("0 unique", False), ("$1", False), ("'a' \\", False), ("a\x00", False), ("a > 0)", False), ("(a", False),
])
def test_expressions(text, ok):
    assert (F.expression_error(text) is None) is ok, F.expression_error(text)


@pytest.mark.parametrize(("text", "ok"), [
    ("DEFAULT", True), ("FOR VALUES IN ('a', 'b')", True), ("FOR VALUES FROM (MINVALUE) TO (10)", True),
    ("FOR VALUES WITH (MODULUS 4, REMAINDER 0)", True), ("FOR VALUES FROM (-1) TO (1)", True),
    ("FOR VALUES IN (now())", False), ("FOR VALUES IN ((SELECT 1))", False),
    ("FOR VALUES IN ('a'); CREATE ROLE x", False), ("DEFAULT; x", False),
])
def test_partition_bounds(text, ok):
    assert (F.partition_bound_error(text) is None) is ok


def test_statements_run_one_per_execute(db_url, canary):
    """The executor refuses a string holding two commands, whatever the renderer produced."""
    import psycopg

    from schemaforge.database.session import StatementFailed, connect, execute_script

    with connect(db_url) as conn:
        with pytest.raises(StatementFailed) as failed:
            execute_script(conn, ["CREATE TABLE ok (a int)", f"SELECT 1; CREATE ROLE {canary}"])
        assert isinstance(failed.value.error, psycopg.errors.SyntaxError)
        conn.rollback()
    assert _canary_gone(db_url, canary)
    assert query(db_url, "SELECT to_regclass('ok')") == [(None,)]


def test_lock_timeout_is_a_value(project, canary):
    """`lock_timeout` from the project settings is a parameter, never SQL."""
    project.write("pyproject.toml", '[project]\nname = "d"\nversion = "0"\n\n[tool.schemaforge]\n'
                  f"lock_timeout = \"1s'; CREATE ROLE {canary}; --\"\n")
    project.schema(json.dumps({"entities": {"T": {"columns": {"id": {"type": "int", "primary": True}}}}}))
    res = project.forge("sync")
    assert res.exit_code != 0
    assert f"lock_timeout = \"1s'; CREATE ROLE {canary}; --\" is not a duration" in res.output
    assert _canary_gone(project.db_url, canary)


def test_scratch_server_embedded_keeps_plan_off_the_target_server(project, tmp_path):
    """With scratch_server = "embedded", normalization happens on the embedded server."""


    data = tmp_path / "own-pg"
    project.write("pyproject.toml", '[project]\nname = "d"\nversion = "0"\n\n[tool.schemaforge]\n'
                  'scratch_server = "embedded"\n')
    project.schema(json.dumps({"entities": {"T": {"columns": {"id": {"type": "int", "primary": True}}}}}))
    try:
        res = project.forge("plan", "--format", "json", env={"FORGE_EMBEDDED_DIR": str(data)})
        assert res.exit_code == 0, res.output
        assert [c["description"] for c in json.loads(res.stdout)["changes"]] == ["create table public.t (1 columns)"]
        assert (data / "PG_VERSION").exists()  # the scratch work went to this server
    finally:
        stop_embedded(data)


def test_identifier_classes_are_the_documented_sets():
    """The lexer's negated classes hold exactly letters, "_", non-ASCII (and digits, "$")."""
    import re

    from schemaforge import fragments

    start = re.compile(f"[{fragments._IDENT_START}]")
    char = re.compile(f"[{fragments._IDENT_CHAR}]")
    tag = re.compile(f"[{fragments._TAG_CHAR}]")
    for cp in [*range(0x3000), 0xD7FF, 0xD800, 0xDFFF, 0xE000, 0xFEFF, 0xFFFF, 0x10000, 0x10FFFF]:
        c = chr(cp)
        letter = c.isascii() and (c.isalpha() or c == "_") or not c.isascii()
        assert bool(start.fullmatch(c)) == letter, hex(cp)
        assert bool(char.fullmatch(c)) == (letter or c.isdigit() and c.isascii() or c == "$"), hex(cp)
        assert bool(tag.fullmatch(c)) == (letter or c.isdigit() and c.isascii()), hex(cp)


def test_policy_and_role_names_are_data(project, canary):
    """Policy and role names reach SQL quoted: a payload is a name, read back exactly."""
    name = PAYLOADS[0].replace("CANARY", canary).format("p")
    role = PAYLOADS[8].replace("CANARY", canary).format("r")  # '"; CREATE ROLE ...; --'
    quoted = '"' + role.replace('"', '""') + '"'
    # a name of this test's own, left in place: the scratch databases of normalization hold policies naming it
    run_sql(project.db_url, f"CREATE ROLE {quoted} NOLOGIN")
    doc = copy.deepcopy(BASE)
    doc["entities"]["Thing"]["policies"] = [{"name": name, "roles": [role], "using": "true"}]
    project.schema(json.dumps(doc, indent=2, ensure_ascii=False))
    res = project.forge("sync")
    assert res.exit_code == 0, res.output
    assert query(project.db_url, "SELECT polname::text, polroles::regrole[]::text[] FROM pg_policy") == [
        (name, [quoted])]
    assert json.loads(project.forge("plan", "--format", "json").stdout)["changes"] == []
    assert _canary_gone(project.db_url, canary)
