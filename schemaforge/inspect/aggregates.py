"""Aggregates and range types from their catalog rows (queries in :mod:`.queries`)."""

from __future__ import annotations

from ..model import Aggregate, RangeType, default_multirange_name

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


def range_types_of(rows: list[tuple]) -> list[RangeType]:
    return [
        RangeType(schema, name, subtype, opclass, collation, canonical, subdiff,
                  None if multi is None or multi == default_multirange_name(name) else multi, comment)
        for schema, name, subtype, opclass, collation, canonical, subdiff, multi, comment in rows
    ]
