"""What every per-kind comparison shares: objects keyed by name, in key order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def by_key(items: Iterable[Any], key: Callable[[Any], Any] = lambda o: o.name) -> dict:
    """``{key: object}`` in key order, so the changes come out in the same order whatever
    order the model's collections are in."""
    return {key(o): o for o in sorted(items, key=key)}


def qkey(o: Any) -> tuple[str, str]:
    """The key of a schema-qualified object: ``(schema, name)``."""
    return (o.schema, o.name)
