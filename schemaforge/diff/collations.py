"""Collations: created, dropped, or (a changed definition) dropped and created again."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..model import Database
from .keys import by_key, qkey


def diff_collations(cur: Database, des: Database) -> list[ch.Change]:
    c, d = by_key(cur.collations, qkey), by_key(des.collations, qkey)
    out: list[ch.Change] = []
    for k, old in c.items():
        new = d.get(k)
        if new is None or replace(old, comment=None) != replace(new, comment=None):
            out.append(ch.DropCollation(old))
    for k, new in d.items():
        old = c.get(k)
        if old is None or replace(old, comment=None) != replace(new, comment=None):
            out.append(ch.CreateCollation(new))
        elif old.comment != new.comment:
            out.append(ch.CommentCollation(new, old.comment, new.comment))
    return out
