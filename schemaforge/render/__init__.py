"""Render change operations to PostgreSQL SQL.

One module per object kind, mirroring :mod:`schemaforge.changes`; each registers its
renderers with ``@renders`` (:mod:`.registry`), and :mod:`.sql` holds the pieces several
kinds share. Importing this package imports every kind module, so every renderer is
registered before the first change is rendered.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import changes as ch
from . import (  # noqa: F401  (imported to register their renderers)
    aggregates,
    collations,
    columns,
    comments,
    composite_types,
    constraints,
    domain_types,
    domains,
    enforcement,
    enums,
    extensions,
    functions,
    generation,
    grants,
    indexes,
    moves,
    not_nulls,
    operators,
    partition_bounds,
    partition_keys,
    policies,
    ranges,
    schemas,
    sequences,
    statistics,
    table_attributes,
    tables,
    triggers,
    views,
)
from .registry import RENDERERS, render_change, renders
from .sql import column_def, comment_sql, constraint_def, index_def, literal, q, qn, qq

__all__ = [
    "RENDERERS",
    "column_def",
    "comment_sql",
    "constraint_def",
    "index_def",
    "literal",
    "q",
    "qn",
    "qq",
    "render_change",
    "render_statements",
    "renders",
]


def render_statements(changes: Iterable[ch.Change]) -> list[str]:
    return [s for c in changes for s in render_change(c)]
