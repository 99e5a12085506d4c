"""Names PostgreSQL would cut: every identifier the YAML declares must fit in 63 bytes.

PostgreSQL silently truncates a longer identifier (NAMEDATALEN - 1 bytes, counted in UTF-8),
so two long names could become one, and the catalog would never match the YAML again: plans
that never settle. Refused here, at the node, before anything reaches a database.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Problem
from ..naming import NAMEDATALEN
from .index import snake_case
from .loader import Doc
from .paths import Patterns

MAX_NAME_BYTES = NAMEDATALEN - 1

# Where the YAML declares names (see :mod:`.paths`): the value under a key, or "{key}" (each
# key of the mapping is a name).
_NAME_PATHS = Patterns((
    ("schema",), ("schemas", "{key}"), ("extensions", "[]", "schema"),
    ("enums", "{key}"), ("enums", "*", "[]"), ("enums", "*", "values", "[]"), ("enums", "*", "schema"),
    ("sequences", "{key}"), ("sequences", "*", "schema"),
    ("views", "{key}"), ("views", "*", "schema"), ("views", "*", "indexes", "[]", "name"),
    ("views", "*", "columns", "{key}"),
    ("domains", "{key}"), ("domains", "*", "schema"),
    ("composite_types", "{key}"), ("composite_types", "*", "schema"), ("composite_types", "*", "attributes", "{key}"),
    ("entities", "*", "table"), ("entities", "*", "schema"), ("entities", "*", "renamed_from"),
    ("entities", "*", "columns", "{key}"), ("entities", "*", "columns", "*", "renamed_from"),
    ("entities", "*", "checks", "{key}"), ("entities", "*", "primary_key", "name"),
    ("entities", "*", "indexes", "[]", "name"), ("entities", "*", "unique", "[]", "name"),
    ("entities", "*", "foreign_keys", "[]", "name"), ("entities", "*", "exclusions", "[]", "name"),
    ("aggregates", "{key}"), ("aggregates", "*", "schema"), ("aggregates", "*", "[]", "schema"),
    ("range_types", "{key}"), ("range_types", "*", "schema"), ("range_types", "*", "multirange"),
))


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
    found = [m for matches in _NAME_PATHS.select(doc.data) for m in matches if isinstance(m[1], str)]
    found.extend((p, n, True) for p, n in _entity_tables(doc.data))
    problems = []
    for path, name, is_key in found:
        if len(name) * 4 <= MAX_NAME_BYTES:  # UTF-8 spends at most 4 bytes on a character
            continue
        size = len(name.encode("utf-8"))
        if size > MAX_NAME_BYTES:
            line, col = doc.pos(path, key=is_key)
            shown = name if len(name) <= 40 else name[:37] + "..."
            problems.append(Problem(doc.file, line, col,
                                    f"name '{shown}' is {size} bytes long; PostgreSQL names hold at most "
                                    f"{MAX_NAME_BYTES} bytes", hint="shorten it (PostgreSQL would cut it silently)"))
    return problems
