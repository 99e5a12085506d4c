"""Indexes (of tables and materialized views) and the elements of exclusion constraints
from their catalog rows, one row per index attribute."""

from __future__ import annotations

from collections import defaultdict

from ..idents import catalog_ident
from ..model import Exclusion, Index, IndexElement
from .tables import Relations


def read_indexes(rows: list[tuple], relations: Relations, exclusions: dict[int, tuple]) -> None:
    """Indexes not backing a constraint, for tables and materialized views, in one query.

    One row per index attribute (key and INCLUDE columns alike, via ``unnest(...) WITH
    ORDINALITY`` over ``indkey``/``indclass``/``indcollation``/``indoption``; the last three
    only cover key columns, so they come back NULL for INCLUDE columns), grouped in Python.
    Options are kept only when they differ from what PostgreSQL would pick anyway, mirroring
    what ``pg_get_indexdef`` prints.
    """
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    for attrs in grouped.values():
        (_, relid, name, unique, method, where, nkey, nulls_nd, reloptions, comment) = attrs[0][:10]
        rel = relations.get(relid)
        if rel is None:
            continue
        elements: list[IndexElement] = []
        include: list[str] = []
        for row in attrs:
            ord_, attnum, expr, colname, opclass, collation, opt, stat = row[10:]
            if ord_ > nkey:
                include.append(colname)
                continue
            opt = opt or 0
            descending = bool(opt & 1)
            nulls_first = bool(opt & 2)
            elements.append(
                IndexElement(
                    column=colname if attnum != 0 else None,
                    expression=expr if attnum == 0 else None,
                    collation=collation,
                    opclass=opclass,
                    descending=descending,
                    nulls_first=None if nulls_first == descending else nulls_first,
                    statistics=stat if attnum == 0 else None,  # only expression keys take one
                )
            )
        storage = tuple(sorted(tuple(o.split("=", 1)) for o in reloptions or ()))
        if attrs[0][0] in exclusions:
            rel["exclusions"].append(_exclusion(exclusions[attrs[0][0]], method, elements, where, include))
            continue
        rel["indexes"].append(
            Index(
                name=name,
                elements=tuple(elements),
                unique=unique,
                method=method,
                where=where,
                include=tuple(include),
                nulls_not_distinct=bool(nulls_nd),
                storage=storage,
                comment=comment,
            )
        )


def _element_sql(e: IndexElement) -> str:
    """One index key as SQL text: what an exclusion constraint element is stored as."""
    return (catalog_ident(e.column) if e.column is not None else e.expression or "") + e.options_sql()


def _exclusion(con: tuple, method: str, elements: list[IndexElement], where, include) -> Exclusion:
    name, ops, deferrable, deferred, comment = con
    return Exclusion(
        name=name,
        method=method,
        elements=tuple((_element_sql(e), op) for e, op in zip(elements, ops, strict=True)),
        where=where,
        include=tuple(include),
        deferrable=deferrable,
        initially_deferred=deferred,
        comment=comment,
    )

