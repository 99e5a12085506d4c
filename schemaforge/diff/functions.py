"""Functions and procedures, keyed by identity (schema, name, input argument types), so
overloads are separate objects. A new body or attribute is ``CREATE OR REPLACE``; new
arguments (names, modes, defaults) or a new result cannot be replaced in place, so the
function is dropped and created again (and what uses it with it: see :mod:`.triggers`,
:mod:`.views` and :mod:`.function_deps`). A SQL function whose body calls it stays as it is
(a string body records no dependency); if its body changes too, it is dropped and created
again with it: PostgreSQL checks a new SQL body against the functions in place, and a
``CREATE OR REPLACE`` cannot come after the new function in the up script and after the old
one in the down script alike. An SQL-standard body (``BEGIN ATOMIC``, ``RETURN``) depends on the
functions it calls (``pg_depend``): it is dropped and created again with them even when it
stays the same."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..dependencies import mentioned
from ..model import Database, Function, QName
from .keys import by_key


def _replaceable(old: Function, new: Function) -> bool:
    return old.arguments == new.arguments and old.returns == new.returns


def diff_functions(cur: Database, des: Database) -> tuple[list[ch.Change], set[QName]]:
    """The changes, and the names of functions dropped and created again, under the same
    identity or another (what calls them by name must be recreated around them)."""
    c, d = by_key(cur.functions, lambda f: f.key), by_key(des.functions, lambda f: f.key)
    gone = {k for k, f in c.items() if k not in d or not _replaceable(f, d[k])}
    new = {k for k, f in d.items() if k not in c or not _replaceable(c[k], f)}
    callers = _callers(c, d, gone | new, {c[k].qname for k in gone} & {d[k].qname for k in new})
    gone, new = gone | callers, new | callers
    recreated = {c[k].qname for k in gone} & {d[k].qname for k in new}
    out: list[ch.Change] = [ch.DropFunction(c[k], replaced=c[k].qname in recreated) for k in c if k in gone]
    for k, f in d.items():
        if k in new:
            out.append(ch.CreateFunction(f))
            continue
        old = c[k]
        if replace(old, comment=None) != replace(f, comment=None):
            out.append(ch.ReplaceFunction(replace(old, comment=None), replace(f, comment=None)))
        if old.comment != f.comment:
            out.append(ch.CommentFunction(f, old.comment, f.comment))
    return out, recreated



def _callers(c: dict, d: dict, redone: set, recreated: set[QName]) -> set:
    """SQL functions on both sides (``redone`` aside) whose definition changes and whose
    body calls a function of the ``recreated`` names, transitively."""
    names = sorted(recreated, key=str)
    out: set = set()
    while names:
        more = {
            k for k in sorted(c.keys() & d.keys() - redone - out)
            if (replace(c[k], comment=None) != replace(d[k], comment=None) or c[k].sql_body)
            and any(f.language == "sql" and mentioned(f.body, names) for f in (c[k], d[k]))
        }
        if not more:
            break
        out |= more
        names = sorted({*names, *(c[k].qname for k in more)}, key=str)
    return out
