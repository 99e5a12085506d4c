"""PostgreSQL 18 temporal keys in the YAML: ``without_overlaps`` on a primary key or unique
constraint and ``period`` on a foreign key name the LAST column as the range compared; both
need another column before it (PostgreSQL refuses a temporal key of one column)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Finding = tuple[tuple, str, str]  # (path below the entity, message, hint)


def temporal_problems(node: dict) -> Iterator[Finding]:
    """Temporal keys of one entity node that PostgreSQL would refuse, each at its flag."""
    pk = node.get("primary_key")
    if isinstance(pk, dict) and pk.get("without_overlaps") is True:
        yield from _key(("primary_key",), pk, "primary key")
    for i, item in enumerate(node.get("unique") or []):
        if isinstance(item, dict) and item.get("without_overlaps") is True:
            yield from _key(("unique", i), item, "unique constraint")
    for i, fk in enumerate(node.get("foreign_keys") or []):
        if isinstance(fk, dict) and fk.get("period") is True:
            ref = fk.get("references") if isinstance(fk.get("references"), dict) else {}
            if _short(fk.get("columns")) or _short(ref.get("columns")):
                yield (("foreign_keys", i, "period"),
                       "a foreign key with period needs at least two columns on each side",
                       "list the key columns first and the range column last on both sides, "
                       "e.g. columns: [room_id, during]")


def _key(path: tuple, spec: dict, what: str) -> Iterator[Finding]:
    if _short(spec.get("columns")):
        yield (path + ("without_overlaps",), f"a {what} with without_overlaps needs at least two columns",
               "list the key columns first and the range column last, e.g. columns: [id, during]")


def _short(columns: Any) -> bool:
    return isinstance(columns, list) and len(columns) < 2
