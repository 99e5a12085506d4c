"""The one-pass pattern walk (entities/paths.py) selects exactly what walking each pattern on
its own selects, in the same order: the name-length and SQL-field checks report the same
problems in the same order as before it."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemaforge.entities import names, sqlfields
from schemaforge.entities.paths import Patterns


def reference(node: Any, pattern: tuple[str, ...], path: tuple = ()) -> list:
    """One pattern walked alone, the obvious way."""
    if not pattern:
        return [] if isinstance(node, dict | list) else [(path, node, False)]
    step, rest = pattern[0], pattern[1:]
    if step == "{key}":
        return [(path + (k,), k, True) for k in node] if isinstance(node, dict) else []
    if step == "*":
        return [m for k, v in node.items() for m in reference(v, rest, path + (k,))] if isinstance(node, dict) else []
    if step == "[]":
        return [m for i, v in enumerate(node) for m in reference(v, rest, path + (i,))] if isinstance(node, list) else []
    return reference(node[step], rest, path + (step,)) if isinstance(node, dict) and step in node else []


KEYS = st.sampled_from(["a", "b", "c", "entities", "columns", "name", "indexes", "schema", 1, True])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=3))
TREES = st.recursive(SCALARS, lambda kids: st.one_of(st.lists(kids, max_size=3),
                                                      st.dictionaries(KEYS, kids, max_size=4)), max_leaves=30)
STEPS = st.sampled_from(["a", "b", "c", "entities", "columns", "name", "*", "[]"])
PATTERNS = st.lists(st.tuples(st.lists(STEPS, max_size=4), st.booleans()).map(
    lambda p: tuple(p[0]) + (("{key}",) if p[1] else ())), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(TREES, PATTERNS)
def test_one_pass_equals_each_pattern_alone(tree, patterns):
    assert Patterns(tuple(patterns)).select(tree) == [reference(tree, p) for p in patterns]


def test_the_checks_patterns_compile():
    """Each module's table of patterns compiles (a misplaced {key} raises at import)."""
    assert names._NAME_PATHS.count == 35
    assert sqlfields._PATTERNS.count == len(sqlfields.FIELDS)


def test_key_must_end_a_pattern():
    import pytest

    with pytest.raises(ValueError, match="last step"):
        Patterns((("a", "{key}", "b"),))
