"""What every change operation is: reversible, hazard-aware, and placed by what it needs.

As in Alembic's ``ops.py``, every operation knows its ``reverse()``, so the down script is
derived from the same list as the up script: reversing each operation and the order of the
list undoes a valid sequence step by step. Each operation also names its hazards (data loss,
long locks, table rewrites) so plans can warn and destructive steps can require consent.

Each operation also says where it may run (see :mod:`schemaforge.order`), in object keys
such as ``("table", schema, name)``: what it ``provides`` (brings into being), ``removes``
(takes away), ``requires`` (must exist when it runs: after whatever provides it) and
``releases`` (used until it runs: before whatever removes it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import QName

Key = tuple[str, ...]


def relation(name: QName) -> Key:
    """A table or view (they share one namespace and one kind of dependency)."""
    return ("relation", name.schema, name.name)


def type_key(name: QName) -> Key:
    """An enum, domain or composite type."""
    return ("type", name.schema, name.name)


def class_name(schema: str, name: str) -> Key:
    """A name in ``pg_class``: tables, views, indexes and sequences cannot share one, so a
    change that frees a name goes before a change that takes it."""
    return ("name", schema, name)


@dataclass(frozen=True)
class Hazard:
    kind: str  # data_loss | table_rewrite | long_lock | validation | irreversible
    message: str
    destructive: bool = False


class Change:
    """Base of all operations. Subclasses are frozen dataclasses."""

    symbol = "~"  # + create, ~ change, - drop

    def reverse(self) -> Change:
        raise NotImplementedError

    def hazards(self) -> tuple[Hazard, ...]:
        return ()

    @property
    def subject(self) -> str:
        """The object the change is about, for grouping in plan output."""
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    @property
    def kind(self) -> str:
        return re.sub(r"(?<!^)(?=[A-Z])", "_", type(self).__name__).lower()

    @property
    def destructive(self) -> bool:
        return any(h.destructive for h in self.hazards())

    # --- placement (schemaforge.order) ----------------------------------------------------

    def provides(self) -> tuple[Key, ...]:
        """Keys that exist after this change and not before it."""
        return ()

    def removes(self) -> tuple[Key, ...]:
        """Keys that exist before this change and not after it."""
        return ()

    def requires(self) -> tuple[Key, ...]:
        """Keys that must exist when this change runs: it goes after what provides them."""
        return ()

    def releases(self) -> tuple[Key, ...]:
        """Keys this change's object used until now: it goes before what removes them."""
        return ()
