"""SQL for a table moved to another schema."""

from __future__ import annotations

from .. import changes as ch
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
