"""Structural validation of one YAML file against the published JSON Schema.

The JSON Schema (``schemaforge/data/schemaforge.schema.json``) is the single source of truth
for which keys exist, so editors and ``forge validate`` agree. jsonschema's own messages are
written for programmers; here each error is mapped back to the YAML node (via its
``absolute_path``) and reworded for people, with "did you mean" suggestions for typos.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from .loader import Doc, plain

if TYPE_CHECKING:  # jsonschema is imported only to word the errors of an invalid file
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

_NUMBERED = {"indexes": "index", "foreign_keys": "foreign key", "unique": "unique constraint",
             "extensions": "extension", "exclusions": "exclusion constraint", "elements": "element",
             "arguments": "argument"}
_NAMED = {"entities": "entity", "columns": "column", "relations": "relation", "views": "view",
          "enums": "enum", "sequences": "sequence", "checks": "check",
          "domains": "domain", "composite_types": "composite type", "schemas": "schema", "attributes": "attribute",
          "functions": "function", "procedures": "procedure", "triggers": "trigger",
          "operators": "operator", "aggregates": "aggregate", "range_types": "range type"}
_JSON_TYPES = {"object": "a mapping", "array": "a list", "string": "a string", "integer": "an integer",
               "number": "a number", "boolean": "true or false", "null": "null"}
# A column key such as "2)" left over from `{ type: numeric(12,2) }`: reported once, elsewhere.
CUT_TYPE_KEY = re.compile(r"^\s*[\w\s]*\)\s*$")


@cache
def json_schema() -> dict:
    """The published JSON Schema for schema files."""
    text = (Path(__file__).resolve().parent.parent / "data" / "schemaforge.schema.json").read_text()
    return json.loads(text)


@cache
def _quick_check() -> Callable[[Any], bool]:
    from .compiled import compile_schema

    return compile_schema(json_schema())


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json_schema())


def noun(path: tuple) -> str:
    """Name the YAML node at ``path`` the way a person would: "column 'email'"."""
    if not path:
        return "the file"
    parts: list[str] = []
    i = 0
    while i < len(path):
        step = path[i]
        nxt = path[i + 1] if i + 1 < len(path) else None
        if step in _NAMED and nxt is not None and isinstance(nxt, str):
            parts.append(f"{_NAMED[step]} '{nxt}'")
            i += 2
        elif step in _NUMBERED and isinstance(nxt, int):
            parts.append(f"{_NUMBERED[step]} #{nxt + 1}")
            i += 2
        else:
            parts.append(f"'{step}'" if not isinstance(step, int) else f"item #{step + 1}")
            i += 1
    inner = parts[-1]
    # Numbered things need their owner to be findable; named ones are clear alone.
    if len(parts) > 1 and ("#" in inner or inner.startswith("'")):
        return f"{inner} of {parts[-2]}"
    return inner


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return _json_type(value)
    return f"{_json_type(value)} {json.dumps(value)}" if value is not None else "null"


def did_you_mean(word: str, choices: Any) -> str:
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def prune_invalid(doc: Doc) -> set[tuple]:
    """Remove the keys that failed the JSON Schema (already reported), so the meaning of
    everything else can still be checked; return the paths that could not be pruned.

    A misspelt ``nulable`` or a ``nullable: "yes"`` costs only that key: the column's type,
    the entity's relations and checks are still validated and reported in the same run.
    """
    if doc.data is None:
        return set()
    unprunable: set[tuple] = set()
    doomed: list[tuple[tuple, list]] = []  # (path of a container, keys or indexes to delete)
    for error in _validator().iter_errors(plain(doc.data)):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = set(error.schema.get("properties", {}))
            doomed.append((path, [k for k in error.instance if k not in known]))
            continue
        if len(path) < 3 or not isinstance(path[-1], str):
            unprunable.add(path[:2] if len(path) >= 2 else path[:1])
        # A node of the wrong type goes wherever it is (`views: x`, `columns: 5`, `[1]` as an
        # entity): nothing after this point has to expect a shape the JSON Schema refused.
        wrong_shape = error.validator in ("type", "anyOf", "oneOf") or not isinstance(error.instance, dict | list)
        if path and (len(path) >= 3 and isinstance(path[-1], str) or wrong_shape):
            doomed.append((path[:-1], [path[-1]]))
        elif not path and wrong_shape:
            doc.data = None
            return {()}
    for path, keys in sorted(doomed, key=lambda d: (len(d[0]), [str(s) for s in d[0]]), reverse=True):
        node = doc.data
        for step in path:
            try:
                node = node[step] if isinstance(node, dict) or isinstance(step, int) else None
            except (KeyError, IndexError, TypeError):
                node = None
            if node is None:
                break
        if isinstance(node, list):
            for i in sorted({k for k in keys if isinstance(k, int) and 0 <= k < len(node)}, reverse=True):
                del node[i]
            continue
        if not isinstance(node, dict):
            unprunable.add(path[:2])
            continue
        for k in keys:
            real = next((key for key in node if str(key) == str(k)), None)
            if real is not None:
                del node[real]
    return unprunable


def check_structure(doc: Doc, skip_paths: set[tuple] | None = None) -> list[Problem]:
    """All JSON Schema violations in one file, as located, human-worded problems.

    ``skip_paths`` holds column paths already reported as a cut flow-mapping type: their
    stray ``2)`` keys are not reported again.
    """
    if doc.data is None:
        return []
    if doc.text is not None and _quick_check()(doc.data):
        # quick-path data has str keys; its only other difference from JSON (a date for an
        # unquoted 2024-01-01) fails every check a string would pass, and every array that
        # wants unique items wants strings: valid as read means valid as JSON, no copy needed
        return []
    data = plain(doc.data)  # str keys; dates and timestamps as the text JSON Schema sees
    if _quick_check()(data):
        return []  # valid: jsonschema only runs to word the errors of a file that has some
    problems: list[Problem] = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        problems.extend(_problems(doc, error, skip_paths or set()))
    return problems


def _problems(doc: Doc, error: ValidationError, skip: set[tuple]) -> list[Problem]:
    path = tuple(error.absolute_path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}

    def at(p: tuple, msg: str, hint: str | None = None, key: bool = False) -> Problem:
        line, col = doc.pos(p, key=key)
        return Problem(doc.file, line, col, msg, hint)

    what = noun(path)
    if kind == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        out = []
        for extra in error.instance:
            if extra in schema.get("properties", {}):
                continue
            if path in skip and CUT_TYPE_KEY.match(str(extra)):
                continue
            hint = f"known keys: {', '.join(known)}" if known else None
            if " " in str(extra).strip() or ")" in str(extra):
                hint = "in a flow mapping { ... } a comma separates keys: quote a value that contains a comma"
            out.append(at(path + (extra,), f"unknown key '{extra}' in {what}{did_you_mean(extra, known)}",
                          hint, key=True))
        return out
    if kind == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return [at(path, f"{what} is missing required key '{k}'", key=True) for k in missing]
    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        words = " or ".join(_JSON_TYPES.get(t, t) for t in expected)
        return [at(path, f"{what} must be {words}, got {_show(error.instance)}")]
    if kind == "enum":
        choices = [c for c in error.validator_value if not (isinstance(c, str) and (c.isupper() or "_" in c and " " not in c and c.replace("_", " ") in error.validator_value))]
        shown = ", ".join(str(c) for c in choices)
        return [at(path, f"{_show(error.instance)} is not a valid value for {what}; expected one of: {shown}"
                   f"{did_you_mean(error.instance, choices)}")]
    if kind in ("anyOf", "oneOf"):
        branches = error.validator_value
        for idx, branch in enumerate(branches):
            t = branch.get("type") if isinstance(branch, dict) else None
            if isinstance(branch, dict) and "enum" in branch and isinstance(error.instance, str):
                sub = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] == idx]
                return [p for e in sub for p in _problems(doc, e, skip)]
            if t and _type_ok(t, error.instance):
                sub = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] == idx]
                if sub:
                    out: list[Problem] = []
                    for e in sub:
                        out.extend(_problems(doc, e, skip))
                    return out
        expected = schema.get("x-expected") or " or ".join(
            _JSON_TYPES.get(b.get("type", ""), "a valid value") for b in branches if isinstance(b, dict))
        return [at(path, f"{what} must be {expected}, got {_show(error.instance)}")]
    if kind == "minItems":
        return [at(path, f"{what} must not be empty")]
    if kind == "uniqueItems":
        return [at(path, f"{what} has duplicate items")]
    if kind == "minimum":
        return [at(path, f"{what} must be at least {error.validator_value}, got {error.instance}")]
    return [at(path, f"{what}: {error.message}")]


def _type_ok(t: str, value: Any) -> bool:
    return {"object": isinstance(value, dict), "array": isinstance(value, list),
            "string": isinstance(value, str)}.get(t, False)
