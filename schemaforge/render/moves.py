"""SQL for a table moved to another schema."""

from __future__ import annotations

from .. import changes as ch
from ..model import Aggregate, Function, RangeType, View
from .aggregates import aggregate_signature
from .functions import signature_sql
from .locks import tagged
from .registry import renders
from .sql import q, qn, qq


@renders(ch.MoveTable)
def _move_table(c: ch.MoveTable) -> list[str]:
    """The table (with its indexes, constraints and owned sequences), its new name, then its
    statistics objects, which ``SET SCHEMA`` leaves behind."""
    t = c.table
    if c.new_name and c.rename_first:
        out = [tagged("rename", f"ALTER TABLE {qq(t.qname)} RENAME TO {q(c.new_name)}"),
               tagged("rename", f"ALTER TABLE {qn(t.schema, c.new_name)} SET SCHEMA {q(c.new_schema)}")]
    else:
        out = [tagged("rename", f"ALTER TABLE {qq(t.qname)} SET SCHEMA {q(c.new_schema)}")]
        if c.new_name:
            out.append(tagged("rename", f"ALTER TABLE {qn(c.new_schema, t.name)} RENAME TO {q(c.new_name)}"))
    out += [tagged("statistics", f"ALTER STATISTICS {qn(t.schema, s.name)} SET SCHEMA {q(c.new_schema)}")
            for s in t.statistics]
    return out


@renders(ch.MoveObject)
def _move_object(c: ch.MoveObject) -> list[str]:
    """``ALTER <kind> <object> SET SCHEMA``: a function or aggregate by its signature; a range
    type's multirange, which PostgreSQL leaves behind, follows it in a statement of its own."""
    o = c.obj
    if isinstance(o, Function):
        named = signature_sql(o)
    elif isinstance(o, Aggregate):
        named = aggregate_signature(o)
    else:
        named = qn(o.schema, o.name)
    out = [tagged("rename", f"ALTER {ch.object_word(o)} {named} SET SCHEMA {q(c.new_schema)}")]
    if isinstance(o, RangeType):
        out.append(tagged("rename", f"ALTER TYPE {qn(o.schema, o.multirange_name)} SET SCHEMA {q(c.new_schema)}"))
    if isinstance(o, View):  # a materialized view's statistics, which SET SCHEMA leaves behind
        out += [tagged("statistics", f"ALTER STATISTICS {qn(o.schema, s.name)} SET SCHEMA {q(c.new_schema)}")
                for s in o.statistics]
    return out
