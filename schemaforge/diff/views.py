"""Views and materialized views: any change to the definition recreates the view, as does a
change a view feels in what it is built on (see :func:`~schemaforge.dependencies.views_over`)."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..dependencies import views_over
from ..model import Database, QName, View
from .keys import by_key, qkey


def diff_views(cur: Database, des: Database, touched: set[QName]) -> list[ch.Change]:
    """``touched``: tables (and recreated enums' tables) whose change the views over them feel."""
    c, d = by_key(cur.views, qkey), by_key(des.views, qkey)
    recreate: set[tuple[str, str]] = set()
    for k in c.keys() & d.keys():
        if _bare(c[k]) != _bare(d[k]):
            recreate.add(k)
    # views over changed tables, then views over recreated views, transitively
    recreate |= {qkey(v) for v in views_over(cur, set(touched) | {QName(*k) for k in recreate})}
    out: list[ch.Change] = []
    for k, v in c.items():
        if k not in d or k in recreate:
            out.append(ch.DropView(v, replaced=k in d))
    for k, v in d.items():
        if k not in c or k in recreate:
            out.append(ch.CreateView(v))
        else:
            out += _comment_changes(c[k], v)
    return out


def _bare(v: View) -> View:
    """What recreates a view when it differs: all of it but its comments and its statistics
    (changed in place: diff_view_statistics)."""
    return replace(v, comment=None, column_comments=(), statistics=())


def _comment_changes(old: View, new: View) -> list[ch.Change]:
    """The comment and the column comments of a view that stays, by column name."""
    kind = ch.object_word(new)
    out: list[ch.Change] = []
    if old.comment != new.comment:
        out.append(ch.SetTableComment(new.qname, old.comment, new.comment, kind))
    was, now = dict(old.column_comments), dict(new.column_comments)
    for col in sorted(was.keys() | now.keys()):
        if was.get(col) != now.get(col):
            out.append(ch.SetViewColumnComment(new.qname, col, was.get(col), now.get(col), kind))
    return out
