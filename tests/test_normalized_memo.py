"""The normalized YAML model remembered for the next plan of the same YAML
(schemaforge/normalized_memo.py)."""

from __future__ import annotations

from schemaforge import normalized_memo, planner
from schemaforge.entities import ModelKey, start_load
from schemaforge.model import Database, Schema
from tests.conftest import body_file_schema, counting, ok

SCHEMA = """
entities:
  Note:
    table: note
    columns:
      id: {type: bigint, primary: true}
      body: {type: text, default: x}
    checks:
      body_short: "length(body) < 100"
"""


def _counting(monkeypatch) -> list[int]:
    return counting(monkeypatch, planner, "normalize_desired")


def test_a_second_plan_of_the_same_yaml_recalls_its_normalized_model(project, monkeypatch):
    project.schema(SCHEMA)
    calls = _counting(monkeypatch)
    first = ok(project.forge("plan")).stdout
    assert len(calls) == 1 and (project.root / ".forge" / "cache" / normalized_memo.FILE).is_file()
    assert ok(project.forge("plan")).stdout == first
    assert len(calls) == 1  # recalled, not normalized
    project.schema(SCHEMA.replace("length(body) < 100", "length(body) < 200"))
    changed = ok(project.forge("plan")).stdout
    assert len(calls) == 2 and "< 200" in changed and changed != first


def test_the_key_names_the_model_the_server_version_and_the_schemas():
    model = ModelKey("k", lambda: True)
    keys = {normalized_memo.memo_key(model, 180000, None), normalized_memo.memo_key(model, 150000, None),
            normalized_memo.memo_key(model, 180000, ["app"]),
            normalized_memo.memo_key(ModelKey("other", lambda: True), 180000, None)}
    assert len(keys) == 4
    assert normalized_memo.memo_key(None, 180000, None) is None  # no model key (a read-only command): no memo


def test_an_entry_is_recalled_under_its_own_key_only(tmp_path):
    db = Database(schemas=(Schema("public"),))
    model = ModelKey("k", lambda: True)
    normalized_memo.remember(tmp_path, "a" * 64, model, db)  # this process does not fork: written here
    assert normalized_memo.recall(tmp_path, "a" * 64) == db
    assert normalized_memo.recall(tmp_path, "b" * 64) is None
    assert normalized_memo.recall(None, "a" * 64) is None
    (tmp_path / normalized_memo.FILE).write_bytes(("a" * 64 + "\n").encode() + b"not a pickle")
    assert normalized_memo.recall(tmp_path, "a" * 64) is None


def test_nothing_is_remembered_when_a_body_file_changed_during_the_load(tmp_path):
    schema, cache = body_file_schema(tmp_path)
    loading = start_load(schema, "public", cache_dir=cache)
    (schema / "bodies" / "f.sql").write_text("SELECT 2")
    loading.result()
    model = loading.model_key()
    assert model is not None and not model.current()
    normalized_memo.remember(cache, "a" * 64, model, Database())
    assert not (cache / normalized_memo.FILE).exists()
    undisturbed = start_load(schema, "public", cache_dir=cache)
    undisturbed.result()
    assert undisturbed.model_key().current()
    assert start_load(schema, "public", cache_dir=None).model_key() is None  # no cache kept: no key
