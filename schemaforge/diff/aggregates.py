"""Aggregates, keyed by identity like functions (overloads are separate objects).

A new initial condition, support function or parallel safety is ``CREATE OR REPLACE
AGGREGATE`` when the arguments, state type and result stay (PostgreSQL refuses to change
those in place); otherwise, and whenever one of its support functions is dropped (a function
whose signature or result changes is dropped and created again), the aggregate is dropped and
created again around it, and the views calling it with it."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..changes.aggregates import named_function
from ..changes.base import function_key
from ..model import Aggregate, Database, QName
from .keys import by_key


def _replaceable(old: Aggregate, new: Aggregate) -> bool:
    return ((old.arguments, old.order_by, old.ordered, old.hypothetical, old.stype)
            == (new.arguments, new.order_by, new.ordered, new.hypothetical, new.stype)
            and old.result is not None and old.result == new.result)


def _uses_dropped(a: Aggregate, dropped: set[QName]) -> bool:
    keys = {function_key(q) for q in dropped}
    return any(k in keys for f in a.support for k in named_function(f))


def diff_aggregates(cur: Database, des: Database, dropped: set[QName]) -> tuple[list[ch.Change], set[QName]]:
    """The changes, and the names of aggregates dropped and created again (views calling
    them are recreated around them). ``dropped``: functions the plan drops."""
    c, d = by_key(cur.aggregates, lambda a: a.key), by_key(des.aggregates, lambda a: a.key)
    out: list[ch.Change] = []
    recreated: set[QName] = set()
    creates: list[ch.Change] = []
    for k, old in c.items():
        new = d.get(k)
        if new is None:
            out.append(ch.DropAggregate(old))
            continue
        bare_old, bare_new = replace(old, comment=None, grants=None), replace(new, comment=None, grants=None)
        if _uses_dropped(old, dropped) or (bare_old != bare_new and not _replaceable(old, new)):
            out.append(ch.DropAggregate(old, replaced=True))
            creates.append(ch.CreateAggregate(new))
            recreated.add(old.qname)
            continue
        if bare_old != bare_new:
            out.append(ch.ReplaceAggregate(bare_old, bare_new))
        if old.comment != new.comment:
            out.append(ch.CommentAggregate(new, old.comment, new.comment))
    out += creates
    out += [ch.CreateAggregate(a) for k, a in d.items() if k not in c]
    return out, recreated
