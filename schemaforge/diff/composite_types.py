"""Composite types: attributes dropped, retyped or appended in place when the resulting
order is the desired one; otherwise (a reorder or an insertion) the type is recreated."""

from __future__ import annotations

from .. import changes as ch
from ..model import CompositeType, Database
from .comments import comment_changes
from .keys import by_key, qkey


def diff_composite_types(cur: Database, des: Database) -> list[ch.Change]:
    c, d = by_key(cur.composite_types, qkey), by_key(des.composite_types, qkey)
    out: list[ch.Change] = [ch.CreateCompositeType(x) for k, x in d.items() if k not in c]
    out += [ch.DropCompositeType(x) for k, x in c.items() if k not in d]
    for k in sorted(c.keys() & d.keys()):
        o, n = c[k], d[k]
        if o.attributes == n.attributes:
            out += comment_changes("TYPE", k, o.comment, n.comment)
        elif _alterable(o, n):
            out.append(ch.AlterCompositeType(o, n))
        else:
            out += [ch.DropCompositeType(o, replaced=True), ch.CreateCompositeType(n)]
    return out


def _alterable(o: CompositeType, n: CompositeType) -> bool:
    """Whether dropping the old-only attributes and appending the new ones gives ``n``'s order."""
    old = [a[0] for a in o.attributes]
    new = [a[0] for a in n.attributes]
    return [x for x in old if x in new] + [x for x in new if x not in old] == new
