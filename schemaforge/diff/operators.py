"""Operators, keyed by identity (schema, symbol, argument types). Only the estimators
(restrict, join) and the comment change in place; anything else (the function, commutator,
negator, hashes, merges) drops the operator and creates it again."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..model import Database, Operator
from .keys import by_key


def _in_place(o: Operator) -> Operator:
    return replace(o, restrict=None, join=None, comment=None)


def diff_operators(cur: Database, des: Database) -> list[ch.Change]:
    c, d = by_key(cur.operators, lambda o: o.key), by_key(des.operators, lambda o: o.key)
    gone = {k for k, o in c.items() if k not in d or _in_place(o) != _in_place(d[k])}
    out: list[ch.Change] = [ch.DropOperator(c[k], replaced=k in d) for k in c if k in gone]
    for k, o in d.items():
        if k not in c or k in gone:
            out.append(ch.CreateOperator(o))
            continue
        old = c[k]
        if (old.restrict, old.join) != (o.restrict, o.join):
            out.append(ch.AlterOperator(replace(old, comment=o.comment), o))
        if old.comment != o.comment:
            out.append(ch.CommentOperator(o, old.comment, o.comment))
    return out
