"""The plan sees the whole database: nothing the YAML stopped mentioning can hide from it."""

from __future__ import annotations

from tests.conftest import plan_json, query

BILLING = """
entities:
  User:
    columns: { id: { type: bigint, primary: true } }
  Invoice:
    schema: billing
    columns: { id: { type: bigint, primary: true } }
"""
PUBLIC_ONLY = """
entities:
  User:
    columns: { id: { type: bigint, primary: true } }
"""


def _changes(project) -> list[str]:
    return [f"{c['symbol']} {c['description']}" for c in plan_json(project)["changes"]]


def test_deleting_the_last_entity_of_a_schema_drops_its_table(project):
    project.schema(BILLING)
    assert project.forge("sync").exit_code == 0
    project.schema(PUBLIC_ONLY)
    assert _changes(project) == ["- drop table billing.invoice", "- drop schema billing"]
    res = project.forge("sync")
    assert res.exit_code != 0 and "--allow-destructive" in res.output  # a drop needs consent
    assert project.forge("sync", "--allow-destructive").exit_code == 0
    assert query(project.db_url, "SELECT to_regnamespace('billing')") == [(None,)]
    assert _changes(project) == []


def test_excluded_schemas_are_left_alone(project):
    project.schema(BILLING)
    assert project.forge("sync").exit_code == 0
    project.write("pyproject.toml", '[project]\nname = "d"\nversion = "0"\n\n[tool.schemaforge]\n'
                  'exclude_schemas = ["billing"]\n')
    project.schema(PUBLIC_ONLY)
    assert _changes(project) == []
