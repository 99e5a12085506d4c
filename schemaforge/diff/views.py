"""Views and materialized views: any change to the definition recreates the view, as does a
change a view feels in what it is built on (see :func:`~schemaforge.dependencies.views_over`)."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..dependencies import views_over
from ..model import Database, QName
from .keys import by_key, qkey


def diff_views(cur: Database, des: Database, touched: set[QName]) -> list[ch.Change]:
    """``touched``: tables (and recreated enums' tables) whose change the views over them feel."""
    c, d = by_key(cur.views, qkey), by_key(des.views, qkey)
    recreate: set[tuple[str, str]] = set()
    for k in c.keys() & d.keys():
        if replace(c[k], comment=None, statistics=()) != replace(d[k], comment=None, statistics=()):  # diff_view_statistics
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
        elif c[k].comment != v.comment:
            kind = "MATERIALIZED VIEW" if v.materialized else "VIEW"
            out.append(ch.SetTableComment(v.qname, c[k].comment, v.comment, kind))
    return out
