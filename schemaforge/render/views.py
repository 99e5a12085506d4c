"""SQL for view changes."""

from __future__ import annotations

from .. import changes as ch
from .indexes import key_statistics
from .locks import tagged
from .registry import renders
from .sql import comment_sql, index_def, qn, qq


@renders(ch.CreateView)
def _create_view(c: ch.CreateView) -> list[str]:
    v = c.view
    kind = "MATERIALIZED VIEW" if v.materialized else "VIEW"
    opts = " WITH (" + ", ".join(f"{k} = {val}" for k, val in v.options) + ")" if v.options else ""
    out = [f"CREATE {kind} {qq(v.qname)}{opts} AS\n{v.definition}"]
    for ix in v.indexes:
        out.append(tagged("create_index_new_table", index_def(v.qname, ix)))
        out += key_statistics(v.schema, ix)
        if ix.comment is not None:
            out.append(comment_sql("INDEX", qn(v.schema, ix.name), ix.comment))
    if v.comment is not None:
        out.append(comment_sql(kind, qq(v.qname), v.comment))
    return out


@renders(ch.DropView)
def _drop_view(c: ch.DropView) -> list[str]:
    kind = "MATERIALIZED VIEW" if c.view.materialized else "VIEW"
    return [f"DROP {kind} {qq(c.view.qname)}"]

