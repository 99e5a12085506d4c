"""PostgreSQL 18 NOT NULL names of a partition that differ from its parent's.

PostgreSQL refuses to rename an inherited constraint, and a partition's NOT NULL is always
inherited, so the only way to rename one without recreating the partition (and losing its
rows) is to detach the partition, rename, and attach it again."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import QName
from .base import Change, Hazard, Stage, constraint_name, table_key


@dataclass(frozen=True)
class RenamePartitionNotNulls(Change):
    """DETACH the partition, RENAME its NOT NULL constraints, ATTACH it with its bound again.
    ``renames`` are sorted (column, old name, new name) triples."""

    table: QName
    parent: QName
    bound: str  # as pg_get_expr prints it: FOR VALUES ... or DEFAULT
    renames: tuple[tuple[str, str, str], ...]

    def reverse(self) -> Change:
        return RenamePartitionNotNulls(self.table, self.parent, self.bound,
                                       tuple((c, new, old) for c, old, new in self.renames))

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        what = ", ".join(f"{c} to {new}" for c, _, new in self.renames)
        return f"rename not-null constraint(s) of partition {self.table} (detach, rename, attach): {what}"

    def hazards(self):
        return (Hazard("validation", f"attaching {self.table} to {self.parent} again scans it for rows outside "
                       "its bound, under a lock", code="SF403"),)

    stage = Stage.NOT_NULL_NAMES

    def provides(self):
        return tuple(constraint_name(self.table, new) for _, _, new in self.renames)

    def removes(self):
        return tuple(constraint_name(self.table, old) for _, old, _ in self.renames)

    def requires(self):
        return (table_key(self.table), table_key(self.parent))
