"""Names PostgreSQL would cut: every identifier the YAML declares must fit in 63 bytes.

PostgreSQL silently truncates a longer identifier (NAMEDATALEN - 1 bytes, counted in UTF-8),
so two long names could become one, and the catalog would never match the YAML again: plans
that never settle. Refused here, at the node, before anything reaches a database.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import Problem
from ..naming import NAMEDATALEN
from .index import snake_case
from .loader import Doc

MAX_NAME_BYTES = NAMEDATALEN - 1

# A path through the YAML: a key, "*" (each value of a mapping), "#" (each item of a list) and,
# last, "KEY" (each key of the mapping is a name) or a key whose string value is a name.
_NAME_PATHS: tuple[tuple[str, ...], ...] = (
    ("schema",), ("schemas", "KEY"), ("extensions", "#", "schema"),
    ("enums", "KEY"), ("enums", "*", "#"), ("enums", "*", "values", "#"), ("enums", "*", "schema"),
    ("sequences", "KEY"), ("sequences", "*", "schema"),
    ("views", "KEY"), ("views", "*", "schema"), ("views", "*", "indexes", "#", "name"),
    ("views", "*", "columns", "KEY"),
    ("domains", "KEY"), ("domains", "*", "schema"),
    ("composite_types", "KEY"), ("composite_types", "*", "schema"), ("composite_types", "*", "attributes", "KEY"),
    ("entities", "*", "table"), ("entities", "*", "schema"), ("entities", "*", "renamed_from"),
    ("entities", "*", "columns", "KEY"), ("entities", "*", "columns", "*", "renamed_from"),
    ("entities", "*", "checks", "KEY"), ("entities", "*", "primary_key", "name"),
    ("entities", "*", "indexes", "#", "name"), ("entities", "*", "unique", "#", "name"),
    ("entities", "*", "foreign_keys", "#", "name"), ("entities", "*", "exclusions", "#", "name"),
    ("aggregates", "KEY"), ("aggregates", "*", "schema"), ("aggregates", "*", "#", "schema"),
    ("range_types", "KEY"), ("range_types", "*", "schema"), ("range_types", "*", "multirange"),
)


def _walk(node: Any, pattern: tuple[str, ...], path: tuple) -> Iterator[tuple[tuple, Any, bool]]:
    """(path, name, is_key) for every name ``pattern`` selects below ``node``."""
    step, rest = pattern[0], pattern[1:]
    if step == "KEY":
        if isinstance(node, dict):
            yield from ((path + (k,), k, True) for k in node)
    elif step == "*":
        if isinstance(node, dict):
            for k, v in node.items():
                yield from _walk(v, rest, path + (k,)) if rest else ()
    elif step == "#":
        if isinstance(node, list):
            for i, v in enumerate(node):
                yield from _walk(v, rest, path + (i,)) if rest else [(path + (i,), v, False)]
    elif isinstance(node, dict) and step in node:
        yield from _walk(node[step], rest, path + (step,)) if rest else [(path + (step,), node[step], False)]


def _entity_tables(data: dict) -> Iterator[tuple[tuple, str]]:
    """Entities without ``table:`` are named after their key, in snake case."""
    ents = data.get("entities")
    for name, ent in (ents.items() if isinstance(ents, dict) else []):
        if isinstance(name, str) and not (isinstance(ent, dict) and ent.get("table")):
            yield ("entities", name), snake_case(name)


def check_name_lengths(doc: Doc) -> list[Problem]:
    """A located problem for each declared name longer than 63 bytes."""
    if not isinstance(doc.data, dict):
        return []
    found: list[tuple[tuple, str, bool]] = []
    for pattern in _NAME_PATHS:
        found.extend((p, n, k) for p, n, k in _walk(doc.data, pattern, ()) if isinstance(n, str))
    found.extend((p, n, True) for p, n in _entity_tables(doc.data))
    problems = []
    for path, name, is_key in found:
        size = len(name.encode("utf-8"))
        if size > MAX_NAME_BYTES:
            line, col = doc.pos(path, key=is_key)
            shown = name if len(name) <= 40 else name[:37] + "..."
            problems.append(Problem(doc.file, line, col,
                                    f"name '{shown}' is {size} bytes long; PostgreSQL names hold at most "
                                    f"{MAX_NAME_BYTES} bytes", hint="shorten it (PostgreSQL would cut it silently)"))
    return problems
