"""Functions and procedures, keyed by identity (schema, name, input argument types), so
overloads are separate objects. A new body or attribute is ``CREATE OR REPLACE``; new
arguments (names, modes, defaults) or a new result cannot be replaced in place, so the
function is dropped and created again (and the triggers using it with it: see
:mod:`.triggers`)."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..model import Database, Function, QName
from .keys import by_key


def _replaceable(old: Function, new: Function) -> bool:
    return old.arguments == new.arguments and old.returns == new.returns


def diff_functions(cur: Database, des: Database) -> tuple[list[ch.Change], set[QName]]:
    """The changes, and the names of the functions dropped and created again (what uses them
    must be recreated around them)."""
    c, d = by_key(cur.functions, lambda f: f.key), by_key(des.functions, lambda f: f.key)
    out: list[ch.Change] = []
    recreated: set[QName] = set()
    for k, f in c.items():
        if k not in d:
            out.append(ch.DropFunction(f))
        elif not _replaceable(f, d[k]):
            out.append(ch.DropFunction(f, replaced=True))
            recreated.add(f.qname)
    for k, f in d.items():
        old = c.get(k)
        if old is None or f.qname in recreated and not _replaceable(old, f):
            out.append(ch.CreateFunction(f))
            continue
        if replace(old, comment=None) != replace(f, comment=None):
            out.append(ch.ReplaceFunction(replace(old, comment=None), replace(f, comment=None)))
        if old.comment != f.comment:
            out.append(ch.CommentFunction(f, old.comment, f.comment))
    return out, recreated
