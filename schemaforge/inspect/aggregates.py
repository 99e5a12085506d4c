"""Aggregates from their catalog rows (the query is :data:`.queries.AGGREGATES_SQL`)."""

from __future__ import annotations

from ..model import Aggregate

_PARALLEL = {"s": "safe", "r": "restricted", "u": "unsafe"}


def aggregates_of(rows: list[tuple]) -> list[Aggregate]:
    out = []
    for (schema, name, types, kind, ndirect, sfunc, stype, final, initcond, combine, par, comment,
         result) in rows:
        ordered = kind in ("o", "h")
        direct, aggregated = (types[:ndirect], types[ndirect:]) if ordered else (types, [])
        out.append(Aggregate(
            schema, name, tuple(direct), sfunc, stype, order_by=tuple(aggregated), ordered=ordered,
            hypothetical=kind == "h", finalfunc=final, initcond=initcond, combinefunc=combine,
            parallel=_PARALLEL[par], comment=comment, result=result,
        ))
    return out
