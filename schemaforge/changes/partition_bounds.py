"""A partition's bounds changed: ``DETACH PARTITION``, then ``ATTACH PARTITION ... FOR
VALUES`` with the new bounds. The table and its rows stay (dropping and creating it again
would lose them); attaching checks that every row fits the new bounds, and fails in its
transaction if one does not.

Every partition of a parent whose bounds move is detached before any is attached again (the
key :func:`bounds_free`): two partitions swapping ranges would otherwise overlap for a moment.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import QName
from .base import Change, Hazard, Key, Stage, table_key


def bounds_free(parent: QName) -> Key:
    """The bounds of ``parent``'s partitions that move, free once each of them is detached."""
    return ("partition_bounds", parent.schema, parent.name)


@dataclass(frozen=True)
class DetachPartition(Change):
    table: QName
    parent: QName
    bound: str  # the bounds it leaves, as catalog text ("FOR VALUES ...", "DEFAULT")
    symbol = "~"

    def reverse(self) -> Change:
        return AttachPartition(self.table, self.parent, self.bound)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"detach partition {self.table} from {self.parent}"

    stage = Stage.DROP_KEYS

    def provides(self):
        return (bounds_free(self.parent),)

    def requires(self):
        return (table_key(self.table), table_key(self.parent))


@dataclass(frozen=True)
class AttachPartition(Change):
    table: QName
    parent: QName
    bound: str  # the bounds it takes
    symbol = "~"

    def reverse(self) -> Change:
        return DetachPartition(self.table, self.parent, self.bound)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"attach partition {self.table} to {self.parent} {self.bound}"

    def hazards(self):
        return (Hazard("validation", f"every row of {self.table} must fit {self.bound}: attaching scans it and "
                       "fails (in its transaction: nothing is lost) on a row outside", code="SF403"),)

    stage = Stage.KEYS

    def requires(self):
        return (table_key(self.table), table_key(self.parent), bounds_free(self.parent))
