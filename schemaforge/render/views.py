"""SQL for view changes."""

from __future__ import annotations

from collections import defaultdict

from .. import changes as ch
from ..model import View
from .indexes import key_statistics
from .locks import tagged
from .registry import render_change, renders
from .sql import comment_sql, index_def, qn, qq


@renders(ch.CreateView)
def _create_view(c: ch.CreateView) -> list[str]:
    v = c.view
    kind = ch.object_word(v)
    opts = " WITH (" + ", ".join(f"{k} = {val}" for k, val in v.options) + ")" if v.options else ""
    out = [f"CREATE {kind} {qq(v.qname)}{opts} AS\n{v.definition}"]
    for ix in v.indexes:
        out.append(tagged("create_index_new_table", index_def(v.qname, ix)))
        out += key_statistics(v.schema, ix)
        if ix.comment is not None:
            out.append(comment_sql("INDEX", qn(v.schema, ix.name), ix.comment))
    for s in v.statistics:  # after the indexes, with their target and comment
        out += render_change(ch.CreateStatistics(v.qname, s, "materialized view"))
    if v.comment is not None:
        out.append(comment_sql(kind, qq(v.qname), v.comment))
    for col, text in v.column_comments:
        out += render_change(ch.SetViewColumnComment(v.qname, col, None, text, kind))
    return out


@renders(ch.DropView)
def _drop_view(c: ch.DropView) -> list[str]:
    return [f"DROP {ch.object_word(c.view)} {qq(c.view.qname)}"]



def view_rebuilt(v: View) -> list[str]:
    """A view created again inside another change (the enum a down recreates): the view with
    its triggers and privileges, as the plan's own ``CreateView`` gets them from the diff."""
    out = render_change(ch.CreateView(v))
    for t in v.triggers:
        out += render_change(ch.CreateTrigger(v.qname, t, True))
    acl: dict[tuple[str | None, str], list] = defaultdict(list)
    for p in v.grants or ():
        acl[(p.column, p.grantee)].append((p.privilege, p.grant_option))
    for (column, grantee), privs in sorted(acl.items(), key=lambda k: (k[0][0] is not None, k[0][0] or "", k[0][1])):
        out += render_change(ch.ChangeGrant("view", (v.schema, v.name), column, grantee, (), tuple(sorted(set(privs))),
                                            "created", column is None))
    return out
