"""A column's statistics target, storage and compression (``ALTER COLUMN ... SET ...``)."""

from __future__ import annotations

from .. import changes as ch
from ..model import Column, QName


def options_of(c: Column) -> tuple[int | None, str | None, str | None]:
    return (c.statistics, c.storage, c.compression)


def column_option_changes(table: QName, a: Column, b: Column) -> list[ch.Change]:
    """The settings of a column on both sides. A type change resets storage and compression,
    and the ``AlterColumn`` that makes it sets the new column's again (see
    :func:`schemaforge.render.statistics.retyped_column_options`): only the target is left."""
    old, new = options_of(a), options_of(b)
    if a.type != b.type:
        old = (a.statistics, b.storage, b.compression)
    if old == new:
        return []
    return [ch.SetColumnOptions(table, b.name, old, new, type=b.type)]
