"""Extended statistics (``CREATE STATISTICS``) and the per-column statistics attributes.

A :class:`Statistics` object belongs to one table and lives in that table's schema. Its
columns are kept in table order (PostgreSQL stores ``stxkeys`` sorted by column number, so
the order they were written in is not a fact of the catalog); expressions keep their order.
"""

from __future__ import annotations

from dataclasses import dataclass

# The kinds CREATE STATISTICS accepts, in canonical (sorted) order, and their stxkind letters.
STATISTICS_KINDS = {"dependencies": "f", "mcv": "m", "ndistinct": "d"}

# ALTER COLUMN ... SET STORAGE values and SET COMPRESSION methods, as written in SQL.
STORAGE_KINDS = {"plain": "p", "external": "e", "extended": "x", "main": "m"}
COMPRESSION_METHODS = {"pglz": "p", "lz4": "l"}


@dataclass(frozen=True)
class Statistics:
    """``CREATE STATISTICS name [(kinds)] ON columns, (expressions) FROM table``.

    ``kinds`` is a sorted subset of :data:`STATISTICS_KINDS`; ``()`` means every kind (what
    PostgreSQL builds when none is named). ``target`` is ``ALTER STATISTICS ... SET
    STATISTICS``; None = the default (the columns' targets)."""

    name: str
    columns: tuple[str, ...] = ()
    expressions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    target: int | None = None
    comment: str | None = None
