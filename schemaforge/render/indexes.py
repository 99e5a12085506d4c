"""SQL for index changes."""

from __future__ import annotations

from .. import changes as ch
from .locks import tagged
from .registry import renders
from .sql import comment_sql, index_def, q, qn


@renders(ch.CreateIndex)
def _create_index(c: ch.CreateIndex) -> list[str]:
    kind = "create_index_concurrently" if c.concurrently else "create_index_new_table" if c.new_table else "create_index"
    out: list[str] = [tagged(kind, index_def(c.table, c.index, concurrently=c.concurrently))]
    out += key_statistics(c.table.schema, c.index)
    if c.index.comment is not None:
        out.append(comment_sql("INDEX", qn(c.table.schema, c.index.name), c.index.comment))
    return out


@renders(ch.DropIndex)
def _drop_index(c: ch.DropIndex) -> list[str]:
    return [tagged("drop_index_concurrently" if c.concurrently else "drop_index",
                   f"DROP INDEX {'CONCURRENTLY ' if c.concurrently else ''}{qn(c.table.schema, c.index.name)}")]


@renders(ch.RenameIndex)
def _rename_index(c: ch.RenameIndex) -> list[str]:
    return [f"ALTER INDEX {qn(c.schema, c.old_name)} RENAME TO {q(c.new_name)}"]



def key_statistics(schema: str, ix) -> list[str]:
    """The statistics targets of a new index's expression keys, set right after it is built."""
    return [_set_statistics(schema, ix.name, pos, e.statistics)
            for pos, e in enumerate(ix.elements, start=1) if e.statistics is not None]


def _set_statistics(schema: str, index: str, position: int, target: int | None) -> str:
    value = -1 if target is None else int(target)
    return tagged("alter_table_settings",
                  f"ALTER INDEX {qn(schema, index)} ALTER COLUMN {int(position)} SET STATISTICS {value}")


@renders(ch.SetIndexStatistics)
def _set_index_statistics(c: ch.SetIndexStatistics) -> list[str]:
    return [_set_statistics(c.table.schema, c.index, c.position, c.new)]
