"""SQL for aggregates and range types.

Support-function names, types and the operator class are checked fragments (one name, one
type) or catalog text, emitted as they are; the initial condition is always a string literal;
the aggregate's and range type's own names are quoted here.
"""

from __future__ import annotations

from .. import changes as ch
from ..model import Aggregate, RangeType
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


def range_type_sql(r: RangeType) -> str:
    opts = [f"SUBTYPE = {r.subtype}"]
    if r.subtype_opclass:
        opts.append(f"SUBTYPE_OPCLASS = {r.subtype_opclass}")
    if r.collation:
        opts.append(f"COLLATION = {r.collation}")
    if r.canonical:
        opts.append(f"CANONICAL = {r.canonical}")
    if r.subtype_diff:
        opts.append(f"SUBTYPE_DIFF = {r.subtype_diff}")
    if r.multirange:
        opts.append(f"MULTIRANGE_TYPE_NAME = {qn(r.schema, r.multirange)}")
    return f"CREATE TYPE {qn(r.schema, r.name)} AS RANGE (\n  " + ",\n  ".join(opts) + "\n)"


@renders(ch.CreateRangeType)
def _create_range(c: ch.CreateRangeType) -> list[str]:
    r = c.range_type
    out = [tagged("create_object", range_type_sql(r))]
    if r.comment is not None:
        out.append(comment_sql("TYPE", qn(r.schema, r.name), r.comment))
    return out


@renders(ch.DropRangeType)
def _drop_range(c: ch.DropRangeType) -> list[str]:
    return [tagged("drop_object", f"DROP TYPE {qn(c.range_type.schema, c.range_type.name)}")]


