"""Triggers on views (``INSTEAD OF`` per row, ``BEFORE``/``AFTER`` per statement). A view
dropped by the plan takes its triggers with it, so they are dropped first (and the down script,
creating the view again, restores them); a view the plan drops and creates again (a new
definition, or a change under it) has its triggers dropped before and created after, with
their comments. Otherwise they are compared like a table's (:func:`.triggers.entity_triggers`)."""

from __future__ import annotations

from .. import changes as ch
from ..model import Database, QName
from .keys import by_key, qkey
from .triggers import entity_triggers


def diff_view_triggers(cur: Database, des: Database, recreated: set[QName],
                       changes: list[ch.Change]) -> list[ch.Change]:
    """``recreated``: functions dropped and created again; ``changes``: the plan so far, whose
    ``DropView`` changes say which views are dropped (and created again)."""
    dropped = {c.view.qname for c in changes if isinstance(c, ch.DropView)}
    c, d = by_key(cur.views, qkey), by_key(des.views, qkey)
    out: list[ch.Change] = []
    for k, v in c.items():
        if k not in d or v.qname in dropped:
            out += [ch.DropTrigger(v.qname, t, True) for t in v.triggers]
    for k, v in d.items():
        if k not in c or v.qname in dropped:
            out += [ch.CreateTrigger(v.qname, t, True) for t in v.triggers]
        else:
            out += entity_triggers(c[k], v, recreated, view=True)
    return out
