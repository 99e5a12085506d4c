"""The JSON Schema compiled once into Python closures that answer "is this file valid?".

jsonschema interprets the schema anew for every node (~1 ms per entity): at 1,000 entities
that is most of `forge validate`. Nearly every file a user writes is valid, so the check runs
in two steps: these closures say yes or no quickly, and only a file they refuse goes through
jsonschema, whose errors `structure` turns into located, worded problems. The closures cover
the keywords our schema uses, with jsonschema's semantics (``1.0`` is an integer, ``true`` is
not ``1``); compiling any other keyword fails loudly, and ``tests/test_compiled_schema.py``
compares both answers on generated documents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# keywords that only describe: they never make a document invalid
_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "default", "examples", "x-expected",
                          "$comment", "deprecated", "markdownDescription"})


class NotCompiled(Exception):
    """The schema uses a keyword these closures do not know."""


def _is_type(name: str) -> Check:
    if name == "string":
        return lambda v: type(v) is str
    if name == "object":
        return lambda v: isinstance(v, dict)
    if name == "array":
        return lambda v: isinstance(v, list)
    if name == "boolean":
        return lambda v: type(v) is bool
    if name == "null":
        return lambda v: v is None
    if name == "integer":
        return lambda v: (isinstance(v, int) and type(v) is not bool) or (type(v) is float and v.is_integer())
    if name == "number":
        return lambda v: isinstance(v, int | float) and type(v) is not bool
    raise NotCompiled(f"type {name!r}")


def _equal(a: Any, b: Any) -> bool:
    """jsonschema's equality: booleans are not numbers; containers compare item by item."""
    if type(a) is bool or type(b) is bool:
        return type(a) is type(b) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list | dict) or isinstance(b, list | dict):
        return False
    return a == b


def compile_schema(schema: Any) -> Check:
    """A predicate that is true exactly when jsonschema finds no error in a document."""
    if schema is True or schema == {}:
        return lambda v: True
    if schema is False:
        return lambda v: False
    if not isinstance(schema, dict):
        raise NotCompiled(repr(schema))
    checks: list[Check] = []
    for key, value in sorted(schema.items()):
        if key in _ANNOTATIONS or key in ("properties", "additionalProperties"):
            continue
        checks.append(_keyword(key, value))
    if "properties" in schema or "additionalProperties" in schema:
        checks.append(_object(schema.get("properties", {}), schema.get("additionalProperties", True)))
    return _all_of(checks)


# Closures built for the common arities: a generator inside all() or any() costs more than
# the checks it runs, and they run for every node of every document.
def _all_of(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        a, b = checks
        return lambda v: a(v) and b(v)
    if len(checks) == 3:
        a, b, c = checks
        return lambda v: a(v) and b(v) and c(v)
    return lambda v: all(c(v) for c in checks)


def _any_of(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        a, b = checks
        return lambda v: a(v) or b(v)
    if len(checks) == 3:
        a, b, c = checks
        return lambda v: a(v) or b(v) or c(v)
    return lambda v: any(c(v) for c in checks)


def _keyword(key: str, value: Any) -> Check:  # noqa: C901 - one branch per keyword
    if key == "type":
        return _any_of([_is_type(t) for t in (value if isinstance(value, list) else [value])])
    if key == "enum":
        choices = list(value)
        if all(type(c) is str for c in choices):  # only a string equals a string
            names = frozenset(choices)
            return lambda v: isinstance(v, str) and v in names
        return lambda v: any(_equal(v, c) for c in choices)
    if key == "anyOf":
        return _any_of([compile_schema(b) for b in value])
    if key == "items":
        item = compile_schema(value)
        return lambda v: not isinstance(v, list) or all(item(x) for x in v)
    if key == "minItems":
        return lambda v: not isinstance(v, list) or len(v) >= value
    if key == "uniqueItems":
        if not value:
            return lambda v: True
        return lambda v: not isinstance(v, list) or not any(
            _equal(v[i], v[j]) for i in range(len(v)) for j in range(i + 1, len(v)))
    if key == "required":
        names = list(value)
        return lambda v: not isinstance(v, dict) or all(n in v for n in names)
    if key in ("minimum", "exclusiveMinimum"):
        number = _is_type("number")
        if key == "minimum":
            return lambda v: not number(v) or v >= value
        return lambda v: not number(v) or v > value
    raise NotCompiled(f"keyword {key!r}")


def _object(properties: dict, additional: Any) -> Check:
    props = {name: compile_schema(sub) for name, sub in properties.items()}
    extra = compile_schema(additional)

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        for k, item in v.items():
            sub = props.get(k)
            if sub is None:
                if not extra(item):
                    return False
            elif not sub(item):
                return False
        return True

    return check
