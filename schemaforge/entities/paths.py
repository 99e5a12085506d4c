"""Path patterns over a YAML document, all walked in one pass.

Several checks each select scalars by a path pattern (every column's collation, every index
name): walked one pattern at a time, a 1,000-entity file is visited once per pattern. Here
the patterns share one tree of steps, so each node is visited once, whatever the number of
patterns that pass through it.

A pattern is a tuple of steps: a key (the value under it, in a mapping), ``"*"`` (every value
of a mapping), ``"[]"`` (every item of a list) or, last, ``"{key}"`` (every key of a mapping).
A match is ``(path, value, is_key)``; a pattern that ends on a mapping or a list matches
nothing there (its selected things are scalars).
"""

from __future__ import annotations

from typing import Any

Match = tuple[tuple, Any, bool]


class _Step:
    """The patterns that reach one place: what ends here and where they go on."""

    __slots__ = ("ends", "keys", "each", "items", "named")

    def __init__(self) -> None:
        self.ends: list[int] = []  # patterns whose match is the value here
        self.keys: list[int] = []  # patterns whose matches are the keys of the mapping here
        self.each: _Step | None = None  # "*"
        self.items: _Step | None = None  # "[]"
        self.named: dict[str, _Step] = {}


class Patterns:
    """Patterns compiled into one tree of steps."""

    def __init__(self, patterns: tuple[tuple[str, ...], ...]) -> None:
        self.count = len(patterns)
        self.root = _Step()
        for i, pattern in enumerate(patterns):
            at = self.root
            for k, step in enumerate(pattern):
                if step == "{key}":
                    if k != len(pattern) - 1:
                        raise ValueError(f"{pattern}: {{key}} must be the last step")
                    at.keys.append(i)
                    break
                if step == "*":
                    at.each = at.each or _Step()
                    at = at.each
                elif step == "[]":
                    at.items = at.items or _Step()
                    at = at.items
                else:
                    at = at.named.setdefault(step, _Step())
            else:
                at.ends.append(i)

    def select(self, data: Any) -> list[list[Match]]:
        """Per pattern, in the patterns' order: its matches in document order."""
        out: list[list[Match]] = [[] for _ in range(self.count)]
        _visit(data, self.root, (), out)
        return out


def _visit(node: Any, step: _Step, path: tuple, out: list[list[Match]]) -> None:
    if isinstance(node, dict):
        for i in step.keys:
            out[i].extend((path + (k,), k, True) for k in node)
        if step.each is not None:
            for k, v in node.items():
                _visit(v, step.each, path + (k,), out)
        for key, sub in step.named.items():
            if key in node:
                _visit(node[key], sub, path + (key,), out)
    elif isinstance(node, list):
        if step.items is not None:
            for i, v in enumerate(node):
                _visit(v, step.items, path + (i,), out)
    else:
        for i in step.ends:
            out[i].append((path, node, False))
