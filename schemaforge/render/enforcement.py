"""SQL for a foreign key made ENFORCED or NOT ENFORCED in place (PostgreSQL 18)."""

from __future__ import annotations

from .. import changes as ch
from .locks import tagged
from .registry import renders
from .sql import q, qq


@renders(ch.SetForeignKeyEnforced)
def _set_foreign_key_enforced(c: ch.SetForeignKeyEnforced) -> list[str]:
    con = c.constraint
    kind, what = ("enforce_foreign_key", "ENFORCED") if con.enforced else ("unenforce_foreign_key", "NOT ENFORCED")
    return [tagged(kind, f"ALTER TABLE {qq(c.table)} ALTER CONSTRAINT {q(con.name)} {what}")]
