"""Triggers of the tables both models have (a created or dropped table takes its triggers
with it: :mod:`.tables`; a renamed one keeps them). A new definition is ``CREATE OR REPLACE TRIGGER``; a trigger whose
function is dropped and created again is dropped before it and created after it."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..model import Database, QName, Table
from .keys import by_key, qkey


def diff_triggers(cur: Database, des: Database, recreated: set[QName]) -> list[ch.Change]:
    """``recreated``: functions dropped and created again by this plan. The triggers of a
    created table are created with it, those of a dropped table dropped first (so that the
    down script, creating the table again, restores them too)."""
    c, d = by_key(cur.tables, qkey), by_key(des.tables, qkey)
    # a renamed table keeps its triggers: compared under the old name's current triggers
    renamed = {k: (t.schema, t.renamed_from) for k, t in d.items()
               if t.renamed_from and k not in c and (t.schema, t.renamed_from) in c}
    out: list[ch.Change] = []
    for k, t in c.items():
        if k not in d and k not in renamed.values():
            out += [ch.DropTrigger(t.qname, tr) for tr in by_key(t.triggers).values()]
    for k, t in d.items():
        if k in c or k in renamed:
            out += _table_triggers(c[renamed.get(k, k)], t, recreated)
        else:
            out += [ch.CreateTrigger(t.qname, tr) for tr in by_key(t.triggers).values()]
    return out


def _table_triggers(old_t: Table, new_t: Table, recreated: set[QName]) -> list[ch.Change]:
    q = new_t.qname
    c, d = by_key(old_t.triggers), by_key(new_t.triggers)

    def redo(name: str) -> bool:
        return name in c and name in d and (c[name].function in recreated or d[name].function in recreated)

    # dropped under the name the table has before the plan (a rename may come after)
    out: list[ch.Change] = [ch.DropTrigger(old_t.qname, t) for name, t in c.items() if name not in d or redo(name)]
    for name, t in d.items():
        old = c.get(name)
        if old is None or redo(name):
            out.append(ch.CreateTrigger(q, t))
        elif replace(old, enabled="", comment=None) != replace(t, enabled="", comment=None):
            out.append(ch.ReplaceTrigger(q, old, t))
        else:
            if old.enabled != t.enabled:
                out.append(ch.EnableTrigger(q, name, old.enabled, t.enabled))
            if old.comment != t.comment:
                out.append(ch.CommentTrigger(q, name, old.comment, t.comment))
    return out
