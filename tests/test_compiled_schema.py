"""The compiled JSON Schema check answers exactly as jsonschema does.

Documents are drawn by walking the schema itself, mostly valid, with a perturbation now and
then (a wrong type, an unknown key, a missing required key, a value outside an enum, a bool
where a number goes, a duplicate list item): the compiled predicate must say "valid" exactly
when jsonschema finds no error.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from schemaforge.entities.compiled import NotCompiled, compile_schema
from schemaforge.entities.loader import plain
from schemaforge.entities.structure import json_schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("FORGE_COMPILED_EXAMPLES", "400"))
_ODD = [None, True, False, 0, 1, -1, 1.0, 1.5, "", "x", "always", [], [1], {}, {"a": 1}]


@st.composite
def instance(draw, schema, depth=0):
    if not isinstance(schema, dict) or depth > 6 or draw(st.integers(0, 24)) == 0:
        return draw(st.sampled_from(_ODD))
    if "enum" in schema:
        return draw(st.sampled_from(list(schema["enum"])))
    if "anyOf" in schema:
        return draw(instance(draw(st.sampled_from(schema["anyOf"])), depth + 1))
    t = schema.get("type")
    t = draw(st.sampled_from(t)) if isinstance(t, list) else t
    if t == "object" or "properties" in schema:
        props = schema.get("properties", {})
        names = sorted(props)
        chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=6)) if names else []
        out = {n: draw(instance(props[n], depth + 1)) for n in (*schema.get("required", []), *chosen)}
        if draw(st.integers(0, 14)) == 0 and out:
            out.pop(draw(st.sampled_from(sorted(out))))
        if draw(st.integers(0, 14)) == 0:
            out[draw(st.sampled_from(["extra", "colums", "type"]))] = draw(st.sampled_from(_ODD))
        if isinstance(schema.get("additionalProperties"), dict) and draw(st.booleans()):
            out[draw(st.sampled_from(["k1", "k2"]))] = draw(instance(schema["additionalProperties"], depth + 1))
        return out
    if t == "array":
        items = schema.get("items", {})
        out = draw(st.lists(instance(items, depth + 1), min_size=0, max_size=3))
        if out and draw(st.integers(0, 9)) == 0:
            out.append(out[0])
        return out
    if t == "string":
        return draw(st.sampled_from(["id", "text", "", "a b"]))
    if t in ("integer", "number"):
        return draw(st.sampled_from([0, 1, -1, 2, 10, 1.0, 0.5, True]))
    if t == "boolean":
        return draw(st.sampled_from([True, False, 1, 0]))
    return draw(st.sampled_from(_ODD))


_CHECK = compile_schema(json_schema())
_JSONSCHEMA = Draft202012Validator(json_schema())


@given(st.data())
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_compiled_check_agrees_with_jsonschema(data) -> None:
    doc = data.draw(instance(json_schema()))
    assert _CHECK(doc) == (next(_JSONSCHEMA.iter_errors(doc), None) is None), doc


@pytest.mark.parametrize(("schema", "doc", "valid"), [
    ({"type": "integer"}, 1.0, True),
    ({"type": "integer"}, True, False),
    ({"enum": [1]}, True, False),
    ({"uniqueItems": True}, [1, True], True),
    ({"uniqueItems": True}, [{"a": 1}, {"a": 1}], False),
    ({"minimum": 1}, "0", True),
    ({"exclusiveMinimum": 0}, 0, False),
])
def test_jsonschema_semantics(schema, doc, valid) -> None:
    assert compile_schema(schema)(doc) is valid
    assert (next(Draft202012Validator(schema).iter_errors(doc), None) is None) is valid


def test_an_unknown_keyword_is_refused() -> None:
    with pytest.raises(NotCompiled):
        compile_schema({"pattern": "^a"})


def _leaves(doc, path=()):
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _leaves(v, (*path, i))
    else:
        yield path


def _put(doc, path, value):
    if not path:
        return value
    out = dict(doc) if isinstance(doc, dict) else list(doc)
    out[path[0]] = _put(doc[path[0]], path[1:], value)
    return out


_YAML = sorted(p for d in ("schema", "examples") for p in (ROOT / d).rglob("*.yaml"))


@pytest.mark.parametrize("path", _YAML, ids=lambda p: str(p.relative_to(ROOT)))
def test_valid_as_read_means_valid_as_json(path) -> None:
    """``check_structure`` skips the JSON copy (:func:`plain`) when the data as the quick reader
    gave it passes: a date (an unquoted 2024-01-01) must never pass where its text would not.
    Every leaf of the repository's own schema files, one at a time, becomes a date."""
    from schemaforge.entities import quickyaml

    try:
        doc = quickyaml.parse(path.read_text())
    except quickyaml.Unsupported:
        pytest.skip("read by the full loader: the shortcut is for the quick path only")
    if doc is None or not _CHECK(doc):
        pytest.skip("not a schema file")
    for leaf in list(_leaves(doc)):
        for when in (datetime.date(2024, 1, 1), datetime.datetime(2024, 1, 1, 12, 0)):
            changed = _put(doc, leaf, when)
            if _CHECK(changed):
                assert _CHECK(plain(changed)), leaf
