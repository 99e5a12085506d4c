"""SQL for table constraint changes."""

from __future__ import annotations

from .. import changes as ch
from ..model import Check, ForeignKey
from .registry import renders
from .sql import comment_sql, constraint_def, q, qq


@renders(ch.AddConstraint)
def _add_constraint(c: ch.AddConstraint) -> list[str]:
    con = c.constraint
    if isinstance(con, (ForeignKey, Check)) and not c.new_table and not c.partitioned:
        # Online: add without scanning under the strong lock, then validate under a weaker one.
        out = [
            f"ALTER TABLE {qq(c.table)} ADD {constraint_def(con)} NOT VALID",
            f"ALTER TABLE {qq(c.table)} VALIDATE CONSTRAINT {q(con.name)}",
        ]
    else:
        out = [f"ALTER TABLE {qq(c.table)} ADD {constraint_def(con)}"]
    if getattr(con, "comment", None) is not None:
        out.append(comment_sql("CONSTRAINT", f"{q(con.name)} ON {qq(c.table)}", con.comment))
    return out


@renders(ch.DropConstraint)
def _drop_constraint(c: ch.DropConstraint) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} DROP CONSTRAINT {q(c.constraint.name)}"]


@renders(ch.RenameConstraint)
def _rename_constraint(c: ch.RenameConstraint) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} RENAME CONSTRAINT {q(c.old_name)} TO {q(c.new_name)}"]

