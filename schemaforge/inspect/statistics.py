"""Extended statistics and the per-column statistics target, storage and compression, read
from ``pg_statistic_ext`` and ``pg_attribute`` onto the relations being assembled.

A default reads as None whatever the server version: ``attstattarget`` and
``stxstattarget`` are -1 before PostgreSQL 17 and NULL from 17 on.
"""

from __future__ import annotations

from ..model import evolve
from ..model.statistics import COMPRESSION_METHODS, STATISTICS_KINDS, STORAGE_KINDS, Statistics
from .tables import Relations

_KIND_OF = {letter: kind for kind, letter in STATISTICS_KINDS.items()}
_STORAGE_OF = {letter: kind for kind, letter in STORAGE_KINDS.items()}
_COMPRESSION_OF = {letter: method for method, letter in COMPRESSION_METHODS.items()}


def read_statistics(stat_rows: list[tuple], option_rows: list[tuple], relations: Relations) -> None:
    """Statistics objects and column options of the inspected tables (the rows of
    ``STATISTICS_SQL`` and ``COLUMN_OPTIONS_SQL``), onto ``relations``."""
    for relid, name, columns, expressions, letters, target, comment in stat_rows:
        rel = relations.get(relid)
        if rel is None:
            continue
        rel.setdefault("statistics", []).append(Statistics(
            name=name, columns=tuple(columns), expressions=tuple(expressions or ()),
            kinds=statistics_kinds(letters), target=_target(target), comment=comment,
        ))
    options: dict[int, dict[str, tuple]] = {}
    for relid, column, target, storage, type_storage, compression in option_rows:
        options.setdefault(relid, {})[column] = (
            _target(target),
            _STORAGE_OF.get(storage) if storage != type_storage else None,
            _COMPRESSION_OF.get(compression),
        )
    for relid, by_column in options.items():
        rel = relations.get(relid)
        if rel is None or not rel["columns"]:
            continue
        rel["columns"] = [
            evolve(c, statistics=o[0], storage=o[1], compression=o[2]) if (o := by_column.get(c.name)) else c
            for c in rel["columns"]
        ]


def statistics_kinds(letters) -> tuple[str, ...]:
    """The kinds named in the model: () when they are all the kinds PostgreSQL builds by default
    (``e``, the expressions' own statistics, is always built and never named)."""
    kinds = tuple(sorted(_KIND_OF[x] for x in letters or () if x in _KIND_OF))
    return () if kinds == tuple(sorted(STATISTICS_KINDS)) else kinds


def _target(value: int | None) -> int | None:
    return None if value is None or value < 0 else value
