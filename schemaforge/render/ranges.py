"""SQL for range types.

The subtype, operator class, collation and function names are checked fragments or catalog
text, emitted as they are; the type's and its multirange's names are quoted here.
"""

from __future__ import annotations

from .. import changes as ch
from ..model import RangeType
from .locks import tagged
from .registry import renders
from .sql import comment_sql, qn


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


