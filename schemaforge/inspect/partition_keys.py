"""PostgreSQL 18 NOT NULL constraint names of partitions: a partition's own NOT NULL may be
named otherwise than its parent's (created so, or attached with its own), and PostgreSQL
keeps that name. Only the names that differ are kept (``Table.partition_not_null_names``);
the rest follow the parent. Servers before 18 have no such names."""

from __future__ import annotations

from .tables import Relations


def read_partition_not_nulls(rows: list[tuple], relations: Relations) -> None:
    """Set ``partition_not_null_names`` on every partition that has such names (the rows of
    ``PARTITION_NOT_NULLS_SQL``, which only PostgreSQL 18+ is asked)."""
    for relid, column, name in rows:
        rel = relations.get(relid)
        if rel is not None:
            rel.setdefault("partition_not_null_names", []).append((column, name))
