"""Functions, procedures and triggers: YAML to database and back, with real PostgreSQL."""

from __future__ import annotations

from tests.conftest import ok, plan_json, query, sync

APP = """
entities:
  Item:
    table: item
    columns:
      id: {type: bigint, primary: true}
      name: {type: text}
      updated_at: {type: timestamptz, nullable: true}
    triggers:
      item_touch:
        timing: before
        events: [update]
        function: touch
functions:
  touch:
    returns: trigger
    language: plpgsql
    body: |
      BEGIN
        NEW.updated_at := now();
        RETURN NEW;
      END
  add:
    arguments:
      - {name: a, type: int}
      - {name: b, type: int, default: 1}
    returns: int
    volatility: immutable
    body: SELECT a + b
"""


def test_smoke(project):
    project.schema(APP)
    sync(project)
    assert plan_json(project)["changes"] == []


def test_debug(project):
    project.schema(APP)
    print(ok(project.forge("plan")).stdout)
    sync(project)
    print(query(project.db_url, "SELECT pg_get_functiondef('public.add'::regproc)"))
    print(query(project.db_url, "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname='item_touch'"))
