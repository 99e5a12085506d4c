"""Aggregates from their catalog rows (the query is :data:`.queries.AGGREGATES_SQL`)."""

from __future__ import annotations

from ..model import Aggregate, MovingAggregate
from ..model.aggregates import finalfunc_modify_default

_PARALLEL = {"s": "safe", "r": "restricted", "u": "unsafe"}
MODIFY = {"r": "read_only", "s": "shareable", "w": "read_write"}


def _moving(mfunc, minv, mtype, mspace, mfinal, mextra, mmodify, minit) -> MovingAggregate | None:
    if mfunc is None:
        return None
    modify = MODIFY[mmodify]
    return MovingAggregate(mfunc, minv, mtype, msspace=mspace, mfinalfunc=mfinal, mfinalfunc_extra=mextra,
                           mfinalfunc_modify=None if modify == "read_only" else modify, minitcond=minit)


def aggregates_of(rows: list[tuple]) -> list[Aggregate]:
    out = []
    for (schema, name, types, kind, ndirect, sfunc, stype, final, initcond, combine, par, comment,
         result, serial, deserial, fextra, fmodify, sortop, sspace, *moving) in rows:
        ordered = kind in ("o", "h")
        direct, aggregated = (types[:ndirect], types[ndirect:]) if ordered else (types, [])
        modify = MODIFY[fmodify]
        out.append(Aggregate(
            schema, name, tuple(direct), sfunc, stype, order_by=tuple(aggregated), ordered=ordered,
            hypothetical=kind == "h", finalfunc=final, initcond=initcond, combinefunc=combine,
            parallel=_PARALLEL[par], serialfunc=serial, deserialfunc=deserial, finalfunc_extra=fextra,
            finalfunc_modify=None if modify == finalfunc_modify_default(kind != "n") else modify, sortop=sortop,
            sspace=sspace, moving=_moving(*moving), comment=comment, result=result,
        ))
    return out
