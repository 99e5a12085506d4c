"""SQL for schema changes."""

from __future__ import annotations

from .. import changes as ch
from .registry import renders
from .sql import comment_sql, q


@renders(ch.CreateSchema)
def _create_schema(c: ch.CreateSchema) -> list[str]:
    out = [f"CREATE SCHEMA {q(c.schema.name)}"]
    if c.schema.comment is not None:
        out.append(comment_sql("SCHEMA", q(c.schema.name), c.schema.comment))
    return out


@renders(ch.DropSchema)
def _drop_schema(c: ch.DropSchema) -> list[str]:
    return [f"DROP SCHEMA {q(c.schema.name)}"]

