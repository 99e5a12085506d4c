"""SQL for a generated column's expression taken off (generated as NULL meanwhile) and put back
(PostgreSQL 17+: ``SET EXPRESSION`` needs a column that stays generated)."""

from __future__ import annotations

from .. import changes as ch
from .locks import tagged
from .registry import renders
from .sql import q, qq


@renders(ch.SetGeneration)
def _set_generation(c: ch.SetGeneration) -> list[str]:
    col = q(c.column.name)
    expression = c.column.generated if c.attach else f"NULL::{c.column.type}"
    return [tagged("add_column_rewrite", f"ALTER TABLE {qq(c.table)} ALTER COLUMN {col} SET EXPRESSION AS ({expression})")]
