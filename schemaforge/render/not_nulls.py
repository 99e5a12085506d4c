"""SQL for PostgreSQL 18 NOT NULL constraints: renames, and validity (NOT VALID or validated)."""

from __future__ import annotations

from .. import changes as ch
from ..naming import default_not_null_name
from .locks import tagged
from .registry import renders
from .sql import q, qq


@renders(ch.RenameNotNull)
def _rename_not_null(c: ch.RenameNotNull) -> list[str]:
    default = default_not_null_name(c.table.name, c.column)
    return [f"ALTER TABLE {qq(c.table)} RENAME CONSTRAINT {q(c.old_name or default)} TO {q(c.new_name or default)}"]



@renders(ch.SetNotNullValid)
def _set_not_null_valid(c: ch.SetNotNullValid) -> list[str]:
    if c.valid:
        return [tagged("validate_constraint", f"ALTER TABLE {qq(c.table)} VALIDATE CONSTRAINT {q(c.name)}")]
    return [tagged("drop_not_null", f"ALTER TABLE {qq(c.table)} ALTER COLUMN {q(c.column)} DROP NOT NULL"),
            tagged("add_not_null_not_valid",
                   f"ALTER TABLE {qq(c.table)} ADD CONSTRAINT {q(c.name)} NOT NULL {q(c.column)} NOT VALID")]
