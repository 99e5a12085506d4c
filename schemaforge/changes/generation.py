"""A stored generated column's expression taken off and put back (PostgreSQL 17 and later:
``SET EXPRESSION AS``), around a function the expression calls while that function is
dropped and created again. Meanwhile the column is generated as ``NULL`` (``SET EXPRESSION``
needs a column that is still generated, so ``DROP EXPRESSION`` cannot be the first half).
Unlike dropping and adding the column, it keeps its place and the indexes and constraints
over it; its values are computed again."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Column, QName
from .base import Change, Hazard, Stage, column_key, mentions, table_key


@dataclass(frozen=True)
class SetGeneration(Change):
    """``attach``: ``SET EXPRESSION AS (column.generated)``; else ``SET EXPRESSION AS
    (NULL::type)``. Both rewrite the table."""

    table: QName
    column: Column  # with the expression it has (detached) or gets (attached)
    attach: bool

    def reverse(self) -> Change:
        return SetGeneration(self.table, self.column, not self.attach)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        verb = "set" if self.attach else "drop"
        return f"{verb} generation expression of column {self.column.name}"

    def hazards(self):
        done = "computed again" if self.attach else "set to NULL until its function is back"
        return (Hazard("table_rewrite", f"generated column {self.column.name} is {done}: rewrites {self.table}",
                       code="SF203"),)

    stage = Stage.TABLES

    def requires(self):
        keys = (table_key(self.table), column_key(self.table, self.column.name))
        return (*keys, *mentions(self.column.generated)) if self.attach else keys

    def releases(self):
        return () if self.attach else mentions(self.column.generated)
