"""Triggers of the tables both models have (a created or dropped table takes its triggers
with it: :mod:`.tables`; a renamed one keeps them). A new definition is ``CREATE OR REPLACE TRIGGER``; a trigger whose
function (or a function or operator its WHEN uses) is dropped and created again is dropped
before it and created after it. A constraint
trigger has no ``OR REPLACE`` (nor ``ALTER``): any new definition drops and creates it. Views'
triggers: :mod:`.view_triggers`, through :func:`entity_triggers`."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..dependencies import uses_object
from ..model import Database, QName, Table, Trigger, View
from .keys import by_key, qkey


def diff_triggers(cur: Database, des: Database, recreated: set[QName]) -> list[ch.Change]:
    """``recreated``: functions dropped and created again by this plan. The triggers of a
    created table are created with it, those of a dropped table dropped first (so that the
    down script, creating the table again, restores them too)."""
    c, d = by_key(cur.tables, qkey), by_key(des.tables, qkey)
    # a renamed table keeps its triggers: compared under the old name's current triggers
    renamed = {k: (t.schema, t.renamed_from) for k, t in d.items()
               if t.renamed_from and k not in c and (t.schema, t.renamed_from) in c}
    # a constraint trigger's FROM table renamed by the plan: the trigger follows it (by oid)
    follows = {QName(*old): QName(*k) for k, old in renamed.items()}
    out: list[ch.Change] = []
    for k, t in c.items():
        if k not in d and k not in renamed.values():
            out += [ch.DropTrigger(t.qname, tr) for tr in by_key(t.triggers).values()]
    for k, t in d.items():
        if k in c or k in renamed:
            out += entity_triggers(c[renamed.get(k, k)], t, recreated, renames=follows)
        else:
            out += [ch.CreateTrigger(t.qname, tr) for tr in by_key(t.triggers).values()]
    return out


def _definition(t: Trigger, renames: dict[QName, QName] | None = None) -> Trigger:
    """What ``CREATE TRIGGER`` says (the FROM table under the name the plan gives it)."""
    if renames and t.from_table in renames:
        t = replace(t, from_table=renames[t.from_table])
    return replace(t, enabled="", comment=None)


def entity_triggers(old_t: Table | View, new_t: Table | View, recreated: set[QName], *,
                    view: bool = False, renames: dict[QName, QName] | None = None) -> list[ch.Change]:
    """The trigger changes of one table or view both models have (``view``: it is a view;
    ``renames``: tables the plan renames, old name to new)."""
    q = new_t.qname
    c, d = by_key(old_t.triggers), by_key(new_t.triggers)

    def redo(name: str) -> bool:
        if name not in c or name not in d:
            return False
        old, new = c[name], d[name]
        return (old.function in recreated or new.function in recreated
                or any(uses_object(x.when, n) for x in (old, new) if x.when for n in sorted(recreated, key=str))
                or ((old.constraint or new.constraint) and _definition(old, renames) != _definition(new)))

    # dropped under the name the table has before the plan (a rename may come after)
    out: list[ch.Change] = [ch.DropTrigger(old_t.qname, t, view)
                            for name, t in c.items() if name not in d or redo(name)]
    for name, t in d.items():
        old = c.get(name)
        if old is None or redo(name):
            out.append(ch.CreateTrigger(q, t, view))
        elif _definition(old, renames) != _definition(t):
            out.append(ch.ReplaceTrigger(q, old, t, view))
        else:
            if old.enabled != t.enabled:
                out.append(ch.EnableTrigger(q, name, old.enabled, t.enabled))
            if old.comment != t.comment:
                out.append(ch.CommentTrigger(q, name, old.comment, t.comment, view))
    return out
