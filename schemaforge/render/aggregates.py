"""SQL for aggregates.

Support-function names and types are checked fragments (one name, one type) or catalog text,
emitted as they are; the initial condition is always a string literal; the aggregate's own
name is quoted here.
"""

from __future__ import annotations

from .. import changes as ch
from ..model import Aggregate, MovingAggregate
from .locks import tagged
from .registry import renders
from .sql import comment_sql, literal, qn


def aggregate_arguments(a: Aggregate) -> str:
    """``(text)``, ``(*)``, ``(float8 ORDER BY float8)``: the signature's parenthesis."""
    if not a.ordered:
        return "(" + (", ".join(a.arguments) or "*") + ")"
    direct = ", ".join(a.arguments)
    return "(" + (direct + " " if direct else "") + "ORDER BY " + ", ".join(a.order_by) + ")"


def aggregate_signature(a: Aggregate) -> str:
    return qn(a.schema, a.name) + aggregate_arguments(a)


def _sortop(text: str) -> str:
    """``>`` or ``OPERATOR(schema.>)``: a checked symbol, its schema a checked or catalog name."""
    schema, dot, symbol = text.rpartition(".")
    return f"OPERATOR({schema}.{symbol})" if dot else symbol


def _moving(m: MovingAggregate) -> list[str]:
    opts = [f"MSFUNC = {m.msfunc}", f"MINVFUNC = {m.minvfunc}", f"MSTYPE = {m.mstype}"]
    if m.msspace:
        opts.append(f"MSSPACE = {int(m.msspace)}")
    if m.mfinalfunc:
        opts.append(f"MFINALFUNC = {m.mfinalfunc}")
    if m.mfinalfunc_extra:
        opts.append("MFINALFUNC_EXTRA")
    if m.mfinalfunc_modify is not None:
        opts.append(f"MFINALFUNC_MODIFY = {m.mfinalfunc_modify.upper()}")
    if m.minitcond is not None:
        opts.append(f"MINITCOND = {literal(m.minitcond)}")
    return opts


def aggregate_sql(a: Aggregate, *, replace: bool = False) -> str:
    opts = [f"SFUNC = {a.sfunc}", f"STYPE = {a.stype}"]
    if a.sspace:
        opts.append(f"SSPACE = {int(a.sspace)}")
    if a.finalfunc:
        opts.append(f"FINALFUNC = {a.finalfunc}")
    if a.finalfunc_extra:
        opts.append("FINALFUNC_EXTRA")
    if a.finalfunc_modify is not None:
        opts.append(f"FINALFUNC_MODIFY = {a.finalfunc_modify.upper()}")
    if a.combinefunc:
        opts.append(f"COMBINEFUNC = {a.combinefunc}")
    if a.serialfunc:
        opts.append(f"SERIALFUNC = {a.serialfunc}")
    if a.deserialfunc:
        opts.append(f"DESERIALFUNC = {a.deserialfunc}")
    if a.initcond is not None:
        opts.append(f"INITCOND = {literal(a.initcond)}")
    if a.moving is not None:
        opts += _moving(a.moving)
    if a.sortop is not None:
        opts.append(f"SORTOP = {_sortop(a.sortop)}")
    if a.parallel != "unsafe":
        opts.append(f"PARALLEL = {a.parallel.upper()}")
    if a.hypothetical:
        opts.append("HYPOTHETICAL")
    head = f"CREATE {'OR REPLACE ' if replace else ''}AGGREGATE {aggregate_signature(a)} ("
    return head + "\n  " + ",\n  ".join(opts) + "\n)"


@renders(ch.CreateAggregate)
def _create_aggregate(c: ch.CreateAggregate) -> list[str]:
    out = [tagged("create_object", aggregate_sql(c.aggregate))]
    if c.aggregate.comment is not None:
        out.append(comment_sql("AGGREGATE", aggregate_signature(c.aggregate), c.aggregate.comment))
    return out


@renders(ch.DropAggregate)
def _drop_aggregate(c: ch.DropAggregate) -> list[str]:
    return [tagged("drop_object", f"DROP AGGREGATE {aggregate_signature(c.aggregate)}")]


@renders(ch.ReplaceAggregate)
def _replace_aggregate(c: ch.ReplaceAggregate) -> list[str]:
    return [tagged("create_object", aggregate_sql(c.new, replace=True))]


@renders(ch.CommentAggregate)
def _comment_aggregate(c: ch.CommentAggregate) -> list[str]:
    return [comment_sql("AGGREGATE", aggregate_signature(c.aggregate), c.new)]
