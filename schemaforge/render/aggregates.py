"""SQL for aggregates.

Support-function names and types are checked fragments (one name, one type) or catalog text,
emitted as they are; the initial condition is always a string literal; the aggregate's own
name is quoted here.
"""

from __future__ import annotations

from .. import changes as ch
from ..model import Aggregate
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


def aggregate_sql(a: Aggregate, *, replace: bool = False) -> str:
    opts = [f"SFUNC = {a.sfunc}", f"STYPE = {a.stype}"]
    if a.finalfunc:
        opts.append(f"FINALFUNC = {a.finalfunc}")
    if a.combinefunc:
        opts.append(f"COMBINEFUNC = {a.combinefunc}")
    if a.initcond is not None:
        opts.append(f"INITCOND = {literal(a.initcond)}")
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
