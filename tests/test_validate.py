"""Bad input gets one clear problem at the exact file:line:col; good input loads cleanly."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from schemaforge.entities import json_schema, load_schema
from schemaforge.errors import ValidationFailed

ROOT = Path(__file__).resolve().parent.parent
HEAD = "entities:\n  User:\n    columns:\n      id: { type: bigint, primary: true }\n"


def problems_for(tmp_path: Path, files: dict[str, str], monkeypatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    for name, text in files.items():
        p = tmp_path / "schema" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"))
    try:
        load_schema(Path("schema"))
    except ValidationFailed as exc:
        return [f"{p.file}:{p.line}:{p.col}: {p.message}" for p in exc.problems]
    return []


# (yaml text, expected "file:line:col", expected message fragment)
CASES = [
    pytest.param(HEAD + "      email: { type: text, nulable: true }\n", "schema/app.yaml:5:28",
                 "unknown key 'nulable' in column 'email' (did you mean 'nullable'?)", id="typo-column-key"),
    pytest.param("entities:\n  User:\n    colums: {}\n", "schema/app.yaml:3:5",
                 "unknown key 'colums' in entity 'User' (did you mean 'columns'?)", id="typo-entity-key"),
    pytest.param("entitys: {}\n", "schema/app.yaml:1:1", "unknown key 'entitys' in the file (did you mean 'entities'?)",
                 id="typo-top-key"),
    pytest.param(HEAD.replace("{ type: bigint, primary: true }", "{ type: bigint, primary: true"),
                 "schema/app.yaml:4:11", "invalid YAML: this flow mapping is never closed", id="malformed-flow"),
    pytest.param("entities:\n  User:\n    columns:\n      id: {type: int}\n     bad: 1\n", "schema/app.yaml:5:6",
                 "invalid YAML", id="malformed-indent"),
    pytest.param(HEAD + "      id: { type: text }\n", "schema/app.yaml:5:7", "duplicate key 'id' (first defined at line 4)",
                 id="duplicate-key"),
    pytest.param(HEAD + "      a: { type: text, nullable: yes }\n", "schema/app.yaml:5:34",
                 "'nullable' of column 'a' must be true or false, got string \"yes\"", id="wrong-value-type"),
    pytest.param("entities: [User]\n", "schema/app.yaml:1:11", "'entities' must be a mapping, got list", id="entities-list"),
    pytest.param(HEAD + "      a: text\n", "schema/app.yaml:5:10", "column 'a' must be a mapping, got string \"text\"",
                 id="column-not-mapping"),
    pytest.param(HEAD + "      a: { nullable: true }\n", "schema/app.yaml:5:7", "column 'a' is missing required key 'type'",
                 id="missing-type"),
    pytest.param(HEAD + "      a: { type: strng }\n", "schema/app.yaml:5:18", "unknown type 'strng' in column 'a'",
                 id="unknown-type"),
    pytest.param(HEAD + "      a: { type: citext }\n", "schema/app.yaml:5:18",
                 "type 'citext' of column 'a' needs the extension 'citext'", id="extension-type-missing"),
    pytest.param(HEAD + "      price: { type: numeric(12,2) }\n", "schema/app.yaml:5:22",
                 "type 'numeric(12' is cut at a comma: quote it (type: \"numeric(12,2)\") or use precision: 12, scale: 2",
                 id="flow-comma-numeric"),
    pytest.param(HEAD + "      price: { type: numeric(12, 2), nullable: true }\n", "schema/app.yaml:5:22",
                 "type 'numeric(12' is cut at a comma", id="flow-comma-numeric-space"),
    pytest.param(HEAD + "    relations:\n      org: { type: many-to-one, target: Org }\n", "schema/app.yaml:6:41",
                 "relation 'org' targets unknown entity 'Org'", id="dangling-relation"),
    pytest.param(HEAD + "    relations:\n      org: { type: many-to-many, target: Usr }\n", "schema/app.yaml:6:42",
                 "targets unknown entity 'Usr' (did you mean 'User'?)", id="dangling-relation-m2m"),
    pytest.param(HEAD + "      boss: { type: bigint, references: Usr.id }\n", "schema/app.yaml:5:41",
                 "references 'Usr.id': no entity or table named 'Usr' (did you mean 'User'?)", id="dangling-references"),
    pytest.param(HEAD + "      boss: { type: bigint, references: User.idd }\n", "schema/app.yaml:5:41",
                 "references 'User.idd': entity 'User' has no column 'idd' (did you mean 'id'?)", id="dangling-ref-column"),
    pytest.param(HEAD + "      boss: { type: bigint, references: User.id, on_delete: casade }\n", "schema/app.yaml:5:61",
                 "string \"casade\" is not a valid value for 'on_delete' of column 'boss'; expected one of: no action, "
                 "restrict, cascade, set null, set default (did you mean 'cascade'?)", id="bad-on-delete"),
    pytest.param(HEAD + "      a: { type: text, default_sql: \"now(\" }\n", "schema/app.yaml:5:37",
                 "invalid SQL in default_sql of column 'a'", id="bad-sql-default"),
    pytest.param(HEAD + "      a: { type: int, check: \"a >\" }\n", "schema/app.yaml:5:30",
                 "invalid SQL in check of column 'a': incomplete expression", id="bad-sql-column-check"),
    pytest.param(HEAD + "      a: { type: int, generated_sql: \"'abc\" }\n", "schema/app.yaml:5:38",
                 "invalid SQL in generated_sql of column 'a': unterminated quoted string", id="bad-sql-generated"),
    pytest.param(HEAD + "    checks:\n      positive: \"id > (0\"\n", "schema/app.yaml:6:17",
                 "invalid SQL in check 'positive'", id="bad-sql-checks"),
    pytest.param(HEAD + "    indexes:\n      - { columns: [id], where: \"id >\" }\n", "schema/app.yaml:6:33",
                 "invalid SQL in index where", id="bad-sql-where"),
    pytest.param(HEAD + "    indexes:\n      - { expressions: [\"lower(\"] }\n", "schema/app.yaml:6:25",
                 "invalid SQL in index expression", id="bad-sql-expressions"),
    pytest.param("views:\n  v: { sql: \"SELEC 1\" }\n", "schema/app.yaml:2:13", "invalid SQL in view 'v'", id="bad-sql-view"),
    pytest.param("enums:\n  mood: [happy, sad]\n" + HEAD + "      m: { type: mood, default: hapy }\n", "schema/app.yaml:7:33",
                 "default 'hapy' of column 'm' is not a label of enum 'mood' (did you mean 'happy'?)", id="enum-default"),
    pytest.param("entities:\n  User:\n    primary_key: [id]\n    columns:\n      id: { type: bigint, primary: true }\n",
                 "schema/app.yaml:3:5", "entity 'User' declares two primary keys", id="two-primary-keys"),
    pytest.param("entities:\n  User:\n    primary_key: [id, nope]\n    columns:\n      id: { type: bigint }\n",
                 "schema/app.yaml:3:23", "primary_key names column 'nope', which entity 'User' does not have",
                 id="pk-missing-column"),
    pytest.param(HEAD + "    unique:\n      - [id, emial]\n", "schema/app.yaml:6:14",
                 "unique constraint #1 names column 'emial'", id="unique-missing-column"),
    pytest.param(HEAD + "    indexes:\n      - { columns: [idd] }\n", "schema/app.yaml:6:21",
                 "index names column 'idd', which entity 'User' does not have (did you mean 'id'?)", id="index-missing-column"),
    pytest.param(HEAD + "      code: { type: text, identity: always }\n", "schema/app.yaml:5:37",
                 "identity column 'code' must be smallint, integer or bigint, not 'text'", id="identity-on-text"),
    pytest.param(HEAD + "      a: { type: text, default: x, default_sql: \"'x'\" }\n", "schema/app.yaml:5:36",
                 "column 'a' has both default and default_sql", id="default-and-default-sql"),
    pytest.param(HEAD + "    indexes:\n      - { columns: [id], method: hnsw }\n", "schema/app.yaml:6:34",
                 "index method 'hnsw' needs the extension 'vector'", id="index-method-needs-extension"),
    pytest.param(HEAD + "    relations:\n      boss: { type: many-to-few, target: User }\n", "schema/app.yaml:6:21",
                 "is not a valid value for 'type' of relation 'boss'", id="bad-relation-type"),
    pytest.param(HEAD + "      a: { type: varchar, length: \"20\" }\n", "schema/app.yaml:5:35",
                 "'length' of column 'a' must be an integer, got string \"20\"", id="length-not-int"),
    pytest.param(HEAD + "      a: { type: text, length: 20 }\n", "schema/app.yaml:5:24",
                 "type 'text' of column 'a' does not take a length", id="length-on-text"),
    pytest.param(HEAD + "      a: { type: \"numeric(12,2)\", precision: 10 }\n", "schema/app.yaml:5:35",
                 "gives precision both in the type", id="precision-twice"),
    pytest.param(HEAD + "    foreign_keys:\n      - { columns: [id], references: { entity: Nope, columns: [id] } }\n",
                 "schema/app.yaml:6:48", "foreign key references unknown entity 'Nope'", id="fk-unknown-entity"),
    pytest.param(HEAD + "    foreign_keys:\n      - { columns: [id], references: { entity: User, columns: [id, x] } }\n",
                 "schema/app.yaml:6:68", "foreign key references column 'x'", id="fk-unknown-column"),
    pytest.param(HEAD + "    relations:\n      user: { type: many-to-one, target: User }\n      other: { type: one-to-many, "
                 "target: User, inverse: nope }\n", "schema/app.yaml:7:58", "has no many-to-one relation 'nope'",
                 id="one-to-many-bad-inverse"),
    pytest.param(HEAD + "      id_x: { type: bigint }\n    relations:\n      id_x_: { type: one-to-one, target: User }\n      "
                 "boss: { type: many-to-one, target: User }\n      boss_id: { type: many-to-one, target: User }\n",
                 "schema/app.yaml:4:7", "", id="relation-columns-accepted"),
    pytest.param("enums:\n  mood: [happy, happy]\n", "schema/app.yaml:2:9", "enum 'mood' has duplicate items", id="enum-dup-label"),
    pytest.param("views:\n  v: { sql: \"SELECT 1\", indexes: [{ columns: [x] }] }\n", "schema/app.yaml:2:25",
                 "view 'v' has indexes but is not materialized", id="view-index-not-materialized"),
    pytest.param(HEAD + "      a: { type: int, primary: true, nullable: true }\n", "schema/app.yaml:5:38",
                 "primary key column 'a' cannot be nullable", id="nullable-primary"),
    pytest.param("sequences:\n  s: { owned_by: User.nope }\n" + HEAD, "schema/app.yaml:2:18",
                 "sequence 's' is owned_by unknown column 'User.nope'", id="sequence-owned-by"),
    pytest.param(HEAD + "      a: { type: text, on_delete: cascade }\n", "schema/app.yaml:5:24",
                 "on_delete in column 'a' has no effect without references", id="on-delete-without-references"),
]


@pytest.mark.parametrize(("text", "where", "message"), CASES)
def test_bad_input(tmp_path, monkeypatch, text, where, message):
    problems = problems_for(tmp_path, {"app.yaml": text}, monkeypatch)
    if not message:  # cases that must be accepted
        assert problems == []
        return
    hits = [p for p in problems if p.startswith(where + ": ") and message in p]
    assert hits, f"expected {where}: ...{message}... in:\n" + "\n".join(problems)


def test_cut_type_reported_once(tmp_path, monkeypatch):
    problems = problems_for(tmp_path, {"app.yaml": HEAD + "      price: { type: numeric(12,2) }\n"}, monkeypatch)
    assert len(problems) == 1  # the stray key "2)" is not reported again


DUPLICATES = [
    ({"a.yaml": HEAD, "b.yaml": HEAD}, "schema/b.yaml:2:3", "entity 'User' is already declared at schema/a.yaml:2"),
    ({"a.yaml": HEAD, "b.yaml": HEAD.replace("User", "Account").replace("    columns", "    table: user\n    columns")},
     "schema/b.yaml:2:3", "table name 'public.user' of entity 'Account' is already used by entity 'User' at schema/a.yaml:2"),
    ({"a.yaml": HEAD + "    indexes:\n      - { name: my_idx, columns: [id] }\n",
      "b.yaml": HEAD.replace("User", "Other") + "    indexes:\n      - { name: my_idx, columns: [id] }\n"},
     "schema/b.yaml:6:17", "index name 'my_idx' is already used at schema/a.yaml:6"),
    ({"a.yaml": "enums:\n  mood: [a]\n", "b.yaml": "enums:\n  mood: [b]\n"},
     "schema/b.yaml:2:3", "enum 'public.mood' is already declared at schema/a.yaml:2"),
    ({"a.yaml": HEAD, "b.yaml": "views:\n  user: { sql: SELECT 1 }\n"},
     "schema/b.yaml:2:3", "view name 'public.user' of view 'user' is already used by entity 'User'"),
    ({"a.yaml": HEAD + "    relations:\n      tags: { type: many-to-many, target: Tag }\n",
      "b.yaml": "entities:\n  Tag:\n    columns:\n      id: { type: int, primary: true }\n  UserTags:\n    columns:\n"
                "      id: { type: int, primary: true }\n"},
     "schema/a.yaml:6:7", "join table name 'public.user_tags' of relation 'User.tags' is already used"),
]


@pytest.mark.parametrize(("files", "where", "message"), DUPLICATES)
def test_duplicates_across_files(tmp_path, monkeypatch, files, where, message):
    problems = problems_for(tmp_path, files, monkeypatch)
    assert any(p.startswith(where + ": ") and message in p for p in problems), "\n".join(problems)


def test_all_problems_from_all_files(tmp_path, monkeypatch):
    problems = problems_for(tmp_path, {
        "a.yaml": HEAD + "      x: { type: strng }\n",
        "b.yaml": "entities: {B: {colums: {}}}\n",
        "sub/c.yml": "a: [1\n",
    }, monkeypatch)
    files = {p.split(":")[0] for p in problems}
    assert files == {"schema/a.yaml", "schema/b.yaml", "schema/sub/c.yml"}


def test_valid_parts_still_checked_next_to_structural_errors(tmp_path, monkeypatch):
    problems = problems_for(tmp_path, {"a.yaml": HEAD + "      x: { type: text, nulable: true }\n"
                                       "  Other:\n    columns:\n      y: { type: strng }\n"}, monkeypatch)
    assert any("nulable" in p for p in problems) and any("strng" in p for p in problems)


def test_missing_schema_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValidationFailed) as exc:
        load_schema(Path("nowhere"))
    assert "does not exist" in exc.value.problems[0].message


SCHEMA_DIRS = [ROOT / "schema", *sorted(p / "schema" for p in (ROOT / "examples").iterdir() if (p / "schema").is_dir())]


@pytest.mark.parametrize("schema_dir", SCHEMA_DIRS, ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_schemas_load(schema_dir):
    import tomllib

    cfg = tomllib.loads((schema_dir.parent / "pyproject.toml").read_text()).get("tool", {}).get("schemaforge", {})
    db = load_schema(schema_dir, cfg.get("default_schema", "public"))
    assert db.tables


def test_json_schema_accepts_shipped_files():
    validator = Draft202012Validator(json_schema())
    files = [f for d in SCHEMA_DIRS for f in sorted(d.rglob("*.yaml"))]
    assert len(files) >= 5
    for f in files:
        data = json.loads(json.dumps(YAML(typ="safe").load(f.read_text()), default=str))
        errors = list(validator.iter_errors(data))
        assert not errors, f"{f}: {errors[0].message}"
        first = f.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (f.parent / first.split("=", 1)[1]).resolve()
        assert target == (ROOT / "schemaforge/data/schemaforge.schema.json").resolve()


@pytest.mark.parametrize("bad", [
    {"entities": {"A": {"columns": {"id": {"type": "int", "nulable": True}}}}},
    {"entities": {"A": {"columns": {"id": {"nullable": True}}}}},
    {"entities": {"A": {"relations": {"b": {"type": "many-to-one"}}}}},
    {"enums": {"e": []}},
    {"views": {"v": {"materialized": True}}},
    {"extensions": "citext"},
    {"sequences": {"s": {"type": "text"}}},
])
def test_json_schema_rejects_structural_errors(bad):
    assert list(Draft202012Validator(json_schema()).iter_errors(bad))


def test_json_schema_is_valid_and_described():
    schema = json_schema()
    Draft202012Validator.check_schema(schema)
    column = schema["properties"]["entities"]["additionalProperties"]["properties"]["columns"]["additionalProperties"]
    assert all("description" in v for v in column["properties"].values())


# ---------------------------------------------------------------- through the CLI

def test_cli_validate_reports_problems(offline_project):
    offline_project.schema(HEAD + "      email: { type: text, nulable: true }\n      n: { type: numeric(12,2) }\n")
    res = offline_project.forge("validate")
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    assert any(ln.startswith("schema/app.yaml:5:28:") and "unknown key 'nulable' in column 'email' "
               "(did you mean 'nullable'?)" in ln for ln in lines), res.stderr
    assert any(ln.startswith("schema/app.yaml:6:18:") and "type 'numeric(12' is cut at a comma" in ln
               for ln in lines), res.stderr
    assert "Traceback" not in res.output


def test_cli_validate_malformed_yaml(offline_project):
    offline_project.schema("entities:\n  A: [1\n")
    res = offline_project.forge("validate")
    assert res.exit_code == 1
    assert "schema/app.yaml:" in res.stderr and "invalid YAML" in res.stderr


def test_cli_validate_ok(offline_project):
    offline_project.schema(HEAD)
    res = offline_project.forge("validate")
    assert res.exit_code == 0, res.output


def test_partition_of_must_name_a_partitioned_entity(offline_project):
    offline_project.schema("""
        entities:
          Plain:
            columns:
              id: { type: int }
          Part:
            partition_of: Plain
            partition_bound: DEFAULT
          Orphan:
            partition_of: Nope
            partition_bound: DEFAULT
    """)
    res = offline_project.forge("validate")
    assert res.exit_code == 1
    assert "entity 'Plain' is not partitioned" in res.stderr
    assert "partition of unknown entity 'Nope'" in res.stderr


def test_structural_and_semantic_problems_of_one_entity_are_all_reported(offline_project):
    """A misspelt key costs only that key: the rest of the entity is still checked."""
    offline_project.schema("""
        entities:
          User:
            columns:
              id: { type: bigint, primary: true }
              email: { type: txt, nulable: true }
              balance: { type: numeric(12,2) }
            relations:
              org: { type: many-to-one, target: Organisation }
            checks:
              pos: "balance >"
    """)
    res = offline_project.forge("validate")
    assert res.exit_code == 1
    found = [line.split(": error: ")[0] for line in res.stderr.splitlines() if ": error: " in line]
    assert found == ["schema/app.yaml:5:22", "schema/app.yaml:5:27", "schema/app.yaml:6:24",
                     "schema/app.yaml:8:41", "schema/app.yaml:10:12"], res.stderr
    assert "unknown type 'txt'" in res.stderr and "unknown key 'nulable'" in res.stderr
    assert "unknown entity 'Organisation'" in res.stderr and "invalid SQL in check 'pos'" in res.stderr
    assert "Traceback" not in res.output


VIEW_COLUMNS = HEAD + """\
views:
  v:
    sql: SELECT id, id AS "Key", u.id AS Other FROM "user" u
    columns:
      id: { comment: fine }
      Key: { comment: fine }
      other: { comment: fine }
      key: { comment: wrong case }
      "": { comment: empty }
      nul: { comment: "a\\0b" }
  star:
    sql: SELECT * FROM "user"
    columns:
      anything: { comment: left to PostgreSQL }
  derived:
    materialized: true
    sql: SELECT count(*) FROM "user"
    columns:
      count: { comment: left to PostgreSQL }
"""


def test_view_column_names_are_checked_where_the_query_tells(tmp_path, monkeypatch):
    """A plain SELECT of columns and aliases gives its column names: a name under ``columns:``
    that is not one of them, empty, or a NUL in a comment is an error at its key; a star or an
    expression's derived name is PostgreSQL's to tell (tests/test_located_errors.py)."""
    assert problems_for(tmp_path, {"app.yaml": VIEW_COLUMNS}, monkeypatch) == [
        "schema/app.yaml:12:7: view 'v' has no column 'key' (did you mean 'Key'?)",
        "schema/app.yaml:13:7: view 'v': a column name must be non-empty text without a NUL character",
        "schema/app.yaml:14:7: view 'v' has no column 'nul'",
        "schema/app.yaml:14:23: comment on column 'nul' of view 'v' contains a NUL character",
    ]


@pytest.mark.parametrize(("sql", "names"), [
    ('SELECT id, name AS "Label", t.x AS Y, "Q" FROM t;', ("id", "Label", "y", "Q")),
    ("WITH c AS (SELECT 1 AS z) SELECT z FROM c", ("z",)),
    ("SELECT * FROM t", None), ("SELECT t.* FROM t", None), ("SELECT upper(a) FROM t", None),
    ("SELECT a::int FROM t", None), ("SELECT a FROM t UNION SELECT b FROM u", None), ("VALUES (1)", None),
])
def test_view_output_columns(sql, names):
    from schemaforge.entities.view_columns import output_columns

    assert output_columns(sql) == names


def test_a_column_equal_to_one_that_passed_is_still_checked_where_it_differs(tmp_path, monkeypatch):
    """Columns equal to one that passed are not checked again; one that only looks equal (a
    relation's column, a value of another type: true == 1 in Python) or that failed is, at its line."""
    problems = problems_for(tmp_path, {"app.yaml": """
        entities:
          A:
            columns:
              id: { type: bigint, primary: true }
              n: { type: integer, default: 1 }
              bad: { type: strng }
              author_id: { type: bigint }
          B:
            columns:
              id: { type: bigint, primary: true }
              n: { type: integer, default: true }
              bad: { type: strng }
              author_id: { type: bigint }
            relations:
              author: { type: many-to-one, target: A }
        """}, monkeypatch)
    assert [p.split(": ", 1)[0] for p in problems] == [
        "schema/app.yaml:6:20", "schema/app.yaml:11:36", "schema/app.yaml:12:20", "schema/app.yaml:13:7"], problems
    assert "unknown type 'strng'" in problems[0] and "unknown type 'strng'" in problems[2]
    assert "true" in problems[1] and "clashes with the column added by relation 'author'" in problems[3]
