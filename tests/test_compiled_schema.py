"""The compiled JSON Schema check answers exactly as jsonschema does.

Documents are drawn by walking the schema itself, mostly valid, with a perturbation now and
then (a wrong type, an unknown key, a missing required key, a value outside an enum, a bool
where a number goes, a duplicate list item): the compiled predicate must say "valid" exactly
when jsonschema finds no error.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from schemaforge.entities.compiled import NotCompiled, compile_schema
from schemaforge.entities.structure import json_schema

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
