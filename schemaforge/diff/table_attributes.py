"""Table attributes of one table on both sides, and the changes that accompany a table
created or dropped because of them (``CLUSTER ON`` and ``REPLICA IDENTITY USING INDEX`` name
an index, which is created after the table)."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..model import Database, Table
from ..naming import default_not_null_name

_DEFAULT_IDENTITY = ("default", None)


def _identity(t: Table) -> tuple[str, str | None]:
    return (t.replica_identity, t.replica_identity_index)


def index_bound(t: Table) -> tuple[Table, list[ch.Change]]:
    """``t`` without the attributes that name an index, and the changes that set them once
    its indexes exist (after ``CreateTable``; reversed, before ``DropTable``)."""
    out: list[ch.Change] = []
    if t.replica_identity == "index":
        out.append(ch.SetReplicaIdentity(t.qname, _DEFAULT_IDENTITY, _identity(t)))
        t = replace(t, replica_identity="default", replica_identity_index=None)
    if t.cluster_on is not None:
        out.append(ch.SetClusterOn(t.qname, None, t.cluster_on))
        t = replace(t, cluster_on=None)
    return t, out


def inherited_columns(t: Table, db: Database) -> tuple[str, ...]:
    """The columns ``t`` gets from its parents (those in ``db``), in order."""
    out: list[str] = []
    for parent in t.inherits:
        p = db.table(parent.schema, parent.name)
        if p is not None:
            out += [c for c in (*inherited_columns(p, db), *(c.name for c in p.columns)) if c not in out]
    return tuple(out)


def inheritance_view(o: Table, n: Table, cur: Database) -> Table:
    """``o`` as its columns read once ``NO INHERIT`` has run for the parents ``n`` drops, for
    the column diff: a child's model lists only its own columns (``attislocal``), and the
    columns it only inherited become its own (ahead of its own ones: inherited columns come first).
    ``INHERIT`` changes no list: the child's own copies of the parent's columns stay its own."""
    dropped = [p for p in o.inherits if p not in n.inherits]
    if not dropped:
        return o
    kept = replace(o, inherits=tuple(p for p in o.inherits if p in n.inherits))
    own = {c.name for c in o.columns}
    taken = set(inherited_columns(kept, cur)) | own
    extra = []
    for parent in dropped:
        p = cur.table(parent.schema, parent.name)
        for col in p.columns if p is not None else ():
            if col.name not in taken:
                taken.add(col.name)
                extra.append(replace(col, comment=None, not_null_name=_kept_not_null_name(o, p, col, cur)))
    return replace(o, columns=(*extra, *o.columns))


def _kept_not_null_name(child: Table, parent: Table, col, cur: Database) -> str | None:
    """PostgreSQL 18 names a child's inherited NOT NULL as the parent's; it keeps that name
    once the column is its own (None: the child's default name)."""
    if col.nullable or not cur.named_not_nulls:
        return None
    name = col.not_null_name or default_not_null_name(parent.name, col.name)
    return None if name == default_not_null_name(child.name, col.name) else name


def _kept_name(child: Table, parent: Table, col, cur: Database) -> str | None:
    """The NOT NULL name ``col`` has in ``child`` while inherited (PostgreSQL 18), if any."""
    if col.nullable or not cur.named_not_nulls:
        return None
    return col.not_null_name or default_not_null_name(parent.name, col.name)


def diff_table_attributes(o: Table, n: Table, cur: Database, des: Database) -> list[ch.Change]:
    """UNLOGGED, replica identity, storage parameters, CLUSTER ON and inheritance of a table
    on both sides."""
    q = n.qname
    out: list[ch.Change] = []
    if o.unlogged != n.unlogged:
        out.append(ch.SetLogged(q, n.unlogged))
    if _identity(o) != _identity(n):
        out.append(ch.SetReplicaIdentity(q, _identity(o), _identity(n)))
    if o.storage != n.storage:
        out.append(ch.SetStorage(q, o.storage, n.storage))
    if o.cluster_on != n.cluster_on:
        out.append(ch.SetClusterOn(q, o.cluster_on, n.cluster_on))
    for parent in o.inherits:
        if parent not in n.inherits:
            p = cur.table(parent.schema, parent.name)
            kept = tuple(name for c in p.columns if (name := _kept_name(o, p, c, cur))) if p else ()
            out.append(ch.SetInherits(q, parent, False, tuple(c.name for c in p.columns) if p else (), kept))
    for parent in n.inherits:
        if parent not in o.inherits:
            p = des.table(parent.schema, parent.name)
            out.append(ch.SetInherits(q, parent, True, tuple(c.name for c in p.columns) if p else ()))
    return out
