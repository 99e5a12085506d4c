"""SQL for comment changes."""

from __future__ import annotations

from .. import changes as ch
from .registry import renders
from .sql import comment_sql, q, qn, qq


@renders(ch.SetTableComment)
def _set_table_comment(c: ch.SetTableComment) -> list[str]:
    return [comment_sql(c.relkind, qq(c.table), c.new)]


@renders(ch.SetViewColumnComment)
def _set_view_column_comment(c: ch.SetViewColumnComment) -> list[str]:
    return [comment_sql("COLUMN", f"{qq(c.view)}.{q(c.column)}", c.new)]


@renders(ch.SetComment)
def _set_comment(c: ch.SetComment) -> list[str]:
    n = c.name
    if c.target == "COLUMN":
        obj = f"{qn(n[0], n[1])}.{q(n[2])}"
    elif c.target == "CONSTRAINT":
        obj = f"{q(n[2])} ON {qn(n[0], n[1])}"
    elif c.target == "SCHEMA":
        obj = q(n[0])
    else:
        obj = qn(n[0], n[1])
    return [comment_sql(c.target, obj, c.new)]

