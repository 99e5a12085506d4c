"""SQL for PostgreSQL 18 NOT NULL constraint renames."""

from __future__ import annotations

from .. import changes as ch
from ..naming import default_not_null_name
from .registry import renders
from .sql import q, qq


@renders(ch.RenameNotNull)
def _rename_not_null(c: ch.RenameNotNull) -> list[str]:
    default = default_not_null_name(c.table.name, c.column)
    return [f"ALTER TABLE {qq(c.table)} RENAME CONSTRAINT {q(c.old_name or default)} TO {q(c.new_name or default)}"]

