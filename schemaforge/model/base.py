"""The pieces every model module shares: schema-qualified names and canonical order.

Kinds added later live in modules of their own next to this one (``model/<kind>.py``) and
import only from here, so ``model/__init__`` can re-export them without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


def by_name(items) -> tuple:
    """Sort objects by their ``name`` so tuple equality is order-independent."""
    items = tuple(items)
    return items if len(items) < 2 else tuple(sorted(items, key=_name))


def _name(o) -> str:
    return o.name


@dataclass(frozen=True)
class QName:
    """A schema-qualified name."""

    schema: str
    name: str

    def __str__(self) -> str:
        return f"{self.schema}.{self.name}"
