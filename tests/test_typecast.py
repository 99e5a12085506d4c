"""Column type changes: the YAML's ``using:`` / ``using_down:`` (issue 8, finding 7)."""

from __future__ import annotations

import json

from tests.conftest import query, run_sql
from tests.pairs import execute, inspect_url

HEAD = """
entities:
  Item:
    columns:
      id: { type: bigint, primary: true }
"""


def plan(project) -> dict:
    res = project.forge("plan", "--format", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def sync(project, *extra) -> None:
    res = project.forge("sync", *extra)
    assert res.exit_code == 0, res.output


def hazards(doc: dict) -> list[tuple[str, bool]]:
    return [(h["kind"], h["destructive"]) for h in doc["hazards"]]


def change_type(project, old: str, new: str, *, top: str = "", fill: str | None = None) -> dict:
    """Sync a column ``v`` of type ``old``, then plan it to ``new``."""
    project.schema(top + HEAD + f'      v: {{ type: "{old}", nullable: true }}\n')
    sync(project)
    if fill:
        run_sql(project.db_url, fill)
    project.schema(top + HEAD + f'      v: {{ type: "{new}", nullable: true }}\n')
    doc = plan(project)
    assert len(doc["changes"]) == 1, doc["changes"]
    return doc


def test_using_and_using_down_convert_both_ways(project):
    project.schema(HEAD + "      v: { type: bigint, nullable: true }\n")
    sync(project)
    run_sql(project.db_url, "INSERT INTO item VALUES (1, 86400)")
    before = inspect_url(project.db_url)
    project.schema(HEAD + "      v: { type: timestamptz, nullable: true, using: to_timestamp(v),"
                          " using_down: \"extract(epoch from v)::bigint\" }\n")
    doc = plan(project)
    assert doc["up"] == [
        'ALTER TABLE "public"."item" ALTER COLUMN "v" TYPE timestamp with time zone USING to_timestamp(v)']
    assert doc["down"] == [
        'ALTER TABLE "public"."item" ALTER COLUMN "v" TYPE bigint USING extract(epoch from v)::bigint']
    assert ("data_loss", True) in hazards(doc)  # an expression of the user's: anything can happen
    sync(project, "--allow-destructive")
    assert query(project.db_url, "SELECT v = to_timestamp(86400) FROM item") == [(True,)]
    # using is a hint for the type change only: once the type matches it makes no diff
    assert plan(project)["changes"] == []
    execute(project.db_url, doc["down"])
    assert inspect_url(project.db_url) == before
    assert query(project.db_url, "SELECT v FROM item") == [(86400,)]

def test_using_is_ignored_when_the_type_does_not_change(project):
    project.schema(HEAD + "      v: { type: text, nullable: true, using: upper(v), using_down: lower(v) }\n")
    sync(project)
    assert plan(project)["changes"] == []
    project.schema(HEAD + "      v: { type: text, using: upper(v) }\n")
    doc = plan(project)
    assert doc["up"] == ['ALTER TABLE "public"."item" ALTER COLUMN "v" SET NOT NULL']

def test_validate_locates_a_bad_using_expression(offline_project):
    offline_project.schema(HEAD + "      v: { type: integer, using: \"v +\" }\n"
                                  "      w: { type: integer, using_down: \"1; DROP TABLE x\" }\n")
    res = offline_project.forge("validate")
    assert res.exit_code == 1
    assert "schema/app.yaml:5:34: error: invalid SQL in using of column 'v'" in res.output
    assert "schema/app.yaml:6:39: error: invalid SQL in using_down of column 'w'" in res.output

def test_json_schema_describes_using():
    from schemaforge.spec import json_schema

    cols = json_schema()["properties"]["entities"]["additionalProperties"]["properties"]["columns"]
    props = cols["additionalProperties"]["properties"]
    assert "USING" in props["using"]["description"] and "down" in props["using_down"]["description"]
