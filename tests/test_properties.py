"""Property tests for the whole pipeline: random schemas, random edits, real PostgreSQL.

Each example draws a schema A (YAML), then an edit of it, B. Through ``forge sync``, and
through ``forge generate`` + ``apply`` + ``rollback``, afterwards the plan is empty and the
database equals B (or A after the rollback) by our introspection *and* by a normalized
``pg_dump --schema-only`` of a database built from B directly. Imported YAML validates and
plans empty.

Example counts: ``FORGE_PROPERTY_EXAMPLES`` per test (default 15, what the README's test
command and CI run: each example costs 2-4 s of real DDL, pg_dump and normalization); set it
to thousands for a long hunt. Examples are derandomized, so CI replays what passed here.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Project, ok, pg_dump_schema, plan_json
from tests.pairs import inspect_url

EXAMPLES = int(os.environ.get("FORGE_PROPERTY_EXAMPLES", "15"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, print_blob=True,
                    suppress_health_check=list(HealthCheck))

TYPES = ["integer", "bigint", "text", "varchar(20)", "numeric(10,2)", "boolean", "date", "timestamptz",
         "jsonb", "mood"]
DEFAULTS = {
    "integer": ["0", "42", "-1"], "bigint": ["0", "7"], "text": ["'x'", "''", "lower('AB')", "'it''s'"],
    "varchar(20)": ["'a'", "'b'::varchar"], "numeric(10,2)": ["0", "1.5"], "boolean": ["true", "false"],
    "date": ["CURRENT_DATE", "'2024-01-01'"], "timestamptz": ["now()", "CURRENT_TIMESTAMP"],
    "jsonb": ["'{}'", "'[]'::jsonb"], "mood": ["'ok'"],
}
CHECKS = {
    "integer": ["{c} > 0", "{c} BETWEEN 1 AND 10", "{c} IN (1, 2, 3)"],
    "bigint": ["{c} >= 0"],
    "text": ["{c} IN ('a', 'b')", "length({c}) < 10", "{c} ~ '^[a-z]+$'", "{c} LIKE 'x%'"],
    "varchar(20)": ["{c} IN ('a', 'b')", "{c} <> ''", "{c}::text ~~ ANY (ARRAY['a%', 'b%'])"],
    "numeric(10,2)": ["{c} > 0", "{c} < 100.5"],
    "date": ["{c} > '2000-01-01'"],
}
COMMENTS = ["plain", "it's", "semi; colon", "$$ dollar $$", "-- dash", "/* star */", "back\\slash", "ünïcode ✓"]


@st.composite
def columns(draw, prefix: str):
    cols = {}
    for i in range(draw(st.integers(1, 4))):
        t = draw(st.sampled_from(TYPES))
        col: dict = {"type": t}
        if draw(st.booleans()):
            col["nullable"] = False
        if t in DEFAULTS and draw(st.integers(0, 3)) == 0:
            col["default_sql"] = draw(st.sampled_from(DEFAULTS[t]))
        if t in CHECKS and draw(st.integers(0, 3)) == 0:
            col["check"] = draw(st.sampled_from(CHECKS[t])).format(c=f"{prefix}{i}")
        if draw(st.integers(0, 5)) == 0:
            col["comment"] = draw(st.sampled_from(COMMENTS))
        cols[f"{prefix}{i}"] = col
    return cols


@st.composite
def schemas(draw) -> dict:
    entities = {}
    for n in range(draw(st.integers(1, 3))):
        cols = {"id": {"type": "bigint", "primary": True}, **draw(columns(f"c{n}_"))}
        ent: dict = {"table": f"t{n}", "columns": cols}
        names = [c for c in cols if c != "id"]
        if draw(st.booleans()):
            col = draw(st.sampled_from(names))
            idx: dict = {"columns": [col]}
            if draw(st.booleans()):
                idx["where"] = f"{col} IS NOT NULL"
            ent["indexes"] = [idx]
        text_cols = [c for c in names if cols[c]["type"] in ("text", "varchar(20)")]
        if text_cols and draw(st.booleans()):
            ent.setdefault("indexes", []).append({"expressions": [f"lower({text_cols[0]})"]})
        if draw(st.integers(0, 3)) == 0:
            ent["comment"] = draw(st.sampled_from(COMMENTS))
        if n > 0 and draw(st.booleans()):
            ent["relations"] = {"parent": {"type": "many-to-one", "target": "E0"}}
        entities[f"E{n}"] = ent
    doc: dict = {"enums": {"mood": {"values": ["ok", "sad"]}}, "entities": entities}
    if draw(st.booleans()):
        first = entities["E0"]["columns"]
        shown = [c for c in first if first[c]["type"] != "jsonb"][:2]
        doc["views"] = {"v0": {"sql": f"SELECT {', '.join(shown)} FROM t0"}}
    return doc


WIDER = {"integer": "bigint", "varchar(20)": "text", "numeric(10,2)": "numeric(12,2)"}


@st.composite
def edited(draw, doc: dict) -> dict:
    """``doc`` with 1-4 random edits of the kinds people make."""
    doc = json.loads(json.dumps(doc))
    for _ in range(draw(st.integers(1, 4))):
        ents = doc["entities"]
        name = draw(st.sampled_from(sorted(ents)))
        ent = ents[name]
        cols = ent["columns"]
        plain = [c for c in cols if c != "id"]
        kind = draw(st.sampled_from(["add", "drop", "widen", "null", "default", "check", "comment", "index",
                                     "table", "label"]))
        if kind == "add":
            cols[f"n{len(cols)}_{draw(st.integers(0, 99))}"] = {"type": draw(st.sampled_from(TYPES)), "nullable": True}
        elif kind == "drop" and len(plain) > 1 and "views" not in doc:
            victim = draw(st.sampled_from(plain))
            del cols[victim]
            ent.pop("indexes", None)
        elif kind == "widen" and plain:
            c = draw(st.sampled_from(plain))
            if cols[c]["type"] in WIDER and "check" not in cols[c] and "views" not in doc:
                cols[c]["type"] = WIDER[cols[c]["type"]]
                cols[c].pop("default_sql", None)
        elif kind == "null" and plain:
            c = draw(st.sampled_from(plain))
            cols[c]["nullable"] = not cols[c].get("nullable", True)
        elif kind == "default" and plain:
            c = draw(st.sampled_from(plain))
            t = cols[c]["type"]
            if t in DEFAULTS:
                cols[c]["default_sql"] = draw(st.sampled_from(DEFAULTS[t]))
        elif kind == "check" and plain:
            c = draw(st.sampled_from(plain))
            t = cols[c]["type"]
            if "check" in cols[c]:
                del cols[c]["check"]
            elif t in CHECKS:
                cols[c]["check"] = draw(st.sampled_from(CHECKS[t])).format(c=c)
        elif kind == "comment":
            ent["comment"] = draw(st.sampled_from(COMMENTS))
        elif kind == "index" and plain:
            if ent.get("indexes"):
                ent["indexes"].pop()
            else:
                ent["indexes"] = [{"columns": [draw(st.sampled_from(plain))]}]
        elif kind == "table" and name != "E0":
            del ents[name]
        elif kind == "table":
            ents[f"E{len(ents) + 5}"] = {"table": f"t{len(ents) + 5}",
                                          "columns": {"id": {"type": "bigint", "primary": True}}}
        elif kind == "label":
            doc["enums"]["mood"]["values"].append(f"l{len(doc['enums']['mood']['values'])}")
    return doc


@st.composite
def pairs(draw):
    a = draw(schemas())
    return a, draw(edited(a))


@contextmanager
def workspace(pg_server, template_db, monkeypatch):
    """A project directory and an empty database for one example; both removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="forge-prop-"))
    name = f"forge_prop_{uuid.uuid4().hex[:12]}"
    pg_server.create_database(name, template=template_db)
    try:
        yield Project(root, pg_server.url_for(name), monkeypatch)
    finally:
        pg_server.drop_database(name)
        shutil.rmtree(root, ignore_errors=True)




def _plan_empty(project) -> None:
    doc = plan_json(project)
    assert doc["changes"] == [], "plan not empty:\n" + "\n".join(doc["up"])


def _state(url: str):
    return inspect_url(url), pg_dump_schema(url)


def _any_column_order(state):
    """A down re-adds a dropped column at the end (PostgreSQL has no column positions to set):
    compare with columns in name order, and pg_dump's lines sorted within each statement."""
    import re
    from dataclasses import replace

    db, dump = state
    db = replace(db, tables=tuple(replace(t, columns=tuple(sorted(t.columns, key=lambda c: c.name)))
                                  for t in db.tables))
    statements = [sorted(line.rstrip(",") for line in stmt.splitlines()) for stmt in re.split(r";\n", dump)]
    return db, "\n".join("\n".join(lines) for lines in sorted(statements))


def _same(got, want) -> None:
    """Equal by introspection and by pg_dump; on failure, a readable diff of each."""
    import difflib
    import pprint

    for what, g, w in (("pg_dump", got[1], want[1]), ("introspection", pprint.pformat(got[0]), pprint.pformat(want[0]))):
        assert g == w, f"{what} differs:\n" + "\n".join(difflib.unified_diff(w.splitlines(), g.splitlines(), "want", "got", lineterm=""))


def _reference(pg_server, template_db, monkeypatch, doc: dict):
    """Introspection and pg_dump of a database synced straight from ``doc``."""
    with workspace(pg_server, template_db, monkeypatch) as ref:
        ref.schema(json.dumps(doc, indent=1))
        ok(ref.forge("sync"))
        return _state(ref.db_url)


def _plan_empty_against(project, doc: dict) -> None:
    project.schema(json.dumps(doc, indent=1))
    _plan_empty(project)


@pytest.fixture
def env(pg_server, template_db, monkeypatch):
    return pg_server, template_db, monkeypatch


@SETTINGS
@given(pair=pairs())
def test_sync_lands_exactly(env, pair):
    pg_server, template_db, mp = env
    a, b = pair
    with workspace(pg_server, template_db, mp) as p:
        p.schema(json.dumps(a, indent=1))
        ok(p.forge("sync"))
        _plan_empty(p)
        p.schema(json.dumps(b, indent=1))
        ok(p.forge("sync", "--allow-destructive"))
        _plan_empty(p)
        _same(_any_column_order(_state(p.db_url)), _any_column_order(_reference(pg_server, template_db, mp, b)))


@SETTINGS
@given(pair=pairs())
def test_generate_apply_rollback_land_exactly(env, pair):
    pg_server, template_db, mp = env
    a, b = pair
    with workspace(pg_server, template_db, mp) as p:
        p.schema(json.dumps(a, indent=1))
        ok(p.forge("generate", "a"))
        ok(p.forge("apply"))
        _plan_empty(p)
        state_a = _state(p.db_url)
        p.schema(json.dumps(b, indent=1))
        before = set((p.root / "migrations").glob("*.sql"))
        ok(p.forge("generate", "b", "--allow-destructive"))
        written = set((p.root / "migrations").glob("*.sql")) - before
        ok(p.forge("apply"))
        _plan_empty(p)
        _same(_any_column_order(_state(p.db_url)), _any_column_order(_reference(pg_server, template_db, mp, b)))
        if written:  # an edit that changes nothing writes no migration, and there is nothing to undo
            ok(p.forge("rollback", "--steps", str(len(written)), "--allow-destructive"))
            _same(_any_column_order(_state(p.db_url)), _any_column_order(state_a))
            _plan_empty_against(p, a)


@SETTINGS
@given(doc=schemas())
def test_import_validates_and_plans_empty(env, doc):
    pg_server, template_db, mp = env
    with workspace(pg_server, template_db, mp) as p:
        p.schema(json.dumps(doc, indent=1))
        ok(p.forge("sync"))
        shutil.rmtree(p.root / "schema")
        ok(p.forge("import", "--out", "schema"))
        ok(p.forge("validate"))
        _plan_empty(p)
