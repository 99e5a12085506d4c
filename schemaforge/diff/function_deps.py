"""What uses a function that is dropped and created again (its arguments or result changed),
or an operator (its function or options changed: SF503).

PostgreSQL refuses ``DROP FUNCTION`` while an index, a check, a column default or generation
expression, a trigger, a view or a domain's check depends on it. Each of those is dropped
before the function and created again after it; the changes' keys
(:func:`~schemaforge.changes.base.mentions` of their expressions) place them, the diff only
says that they happen. Views (:mod:`.views`) and triggers (:mod:`.triggers`) are recreated
by their own diff, given the same set of names; the other kinds are here, one function per
kind in :data:`AROUND`.

**Hook**: a new kind whose SQL text may call a function (policies' ``USING``, aggregates'
support functions) adds one function ``(current, desired, recreated, planned) -> (changes,
replaced)`` to :data:`AROUND` and puts the function's name in its changes' ``requires`` /
``releases`` keys (``mentions(text)`` does that for catalog text).

A function is matched by name (:func:`~schemaforge.dependencies.uses` on catalog text), so
when one overload of several changes, what calls the others is recreated too: more than
needed, never less.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .. import changes as ch
from ..dependencies import uses_object
from ..model import Check, Column, Database, Domain, Index, QName, Table
from .keys import by_key, qkey


def _uses_any(text: str | None, names: set[QName]) -> bool:
    return bool(text) and any(uses_object(text, n) for n in names)


def _index_uses(ix: Index, names: set[QName]) -> bool:
    return _uses_any(ix.where, names) or any(_uses_any(e.expression, names) for e in ix.elements)


def _kept_tables(cur: Database, des: Database, planned: list[ch.Change]) -> list[tuple[Table, Table]]:
    """Tables on both sides that the plan neither drops nor creates (renamed ones are matched
    under their new name: their objects keep their names)."""
    dropped = {c.table.qname for c in planned if isinstance(c, ch.DropTable)}
    c = by_key(cur.tables, qkey)
    out = []
    for t in des.tables:
        old = c.get(qkey(t))
        if old is None and t.renamed_from:
            old = c.get((t.schema, t.renamed_from))
        if old is not None and old.qname not in dropped:
            out.append((old, t))
    return out


def _indexes(cur, des, names, planned):
    dropped = {(c.table, c.index.name) for c in planned if isinstance(c, ch.DropIndex)}
    out: list[ch.Change] = []
    for old, new in _kept_tables(cur, des, planned):
        wanted = by_key(new.indexes)
        for ix in old.indexes:
            if ix.name in wanted and (old.qname, ix.name) not in dropped and _index_uses(ix, names):
                out += [ch.DropIndex(old.qname, ix), ch.CreateIndex(new.qname, wanted[ix.name])]
    return out, []


def _constraint_uses(con, names: set[QName]) -> bool:
    if isinstance(con, Check):
        return _uses_any(con.expression, names)
    return _uses_any(con.where, names) or any(_uses_any(e, names) for e, _ in con.elements)


def _constraints(cur, des, names, planned):
    """Checks and exclusion constraints."""
    dropped = {(c.table, c.constraint.name) for c in planned if isinstance(c, ch.DropConstraint)}
    out: list[ch.Change] = []
    for old, new in _kept_tables(cur, des, planned):
        wanted = {k.name: k for k in (*new.checks, *new.exclusions)}
        for k in (*old.checks, *old.exclusions):
            if k.name in wanted and (old.qname, k.name) not in dropped and _constraint_uses(k, names):
                part = new.partition_by is not None
                out += [ch.DropConstraint(old.qname, k, partitioned=part),
                        ch.AddConstraint(new.qname, wanted[k.name], partitioned=part)]
    return out, []


def _columns(cur, des, names, planned):
    """Defaults: dropped before, set after (an ALTER the plan already has is split in two).
    Generated columns: see :func:`_regenerate`; the plan's own drop of the column is enough."""
    altered = {(c.table, c.old.name): c for c in planned if isinstance(c, ch.AlterColumn) and not c.early}
    dropped = {(c.table, c.column.name) for c in planned if isinstance(c, ch.DropColumn)}
    out: list[ch.Change] = []
    replaced: list[ch.Change] = []
    for old, new in _kept_tables(cur, des, planned):
        wanted = by_key(new.columns)
        for col in old.columns:
            want = wanted.get(col.name)
            key = (old.qname, col.name)
            if want is None or key in dropped:
                continue
            if _uses_any(col.generated, names):
                out += _regenerate(cur.server_version, old, new, col, want)
            elif _uses_any(col.default, names):
                have = altered.get(key)
                replaced += [have] if have else []
                out += _split_default(new.qname, have.old if have else col, have.new if have else want, have)
    return out, replaced


def _regenerate(version: int, old: Table, new: Table, col: Column, want: Column) -> list[ch.Change]:
    """A generated column's expression off before, on after (17 and later: the column keeps
    its place, values and indexes; a partition follows its parent). Before 17 PostgreSQL
    cannot put an expression back: the column is dropped and added again, at the end."""
    if version >= 170000 or version == 0:
        if old.partition_of is not None:
            return []
        return [ch.SetGeneration(old.qname, col, attach=False), ch.SetGeneration(new.qname, want, attach=True)]
    return [ch.DropColumn(old.qname, col), ch.AddColumn(new.qname, want)]


def _split_default(table: QName, a: Column, b: Column, have: ch.AlterColumn | None) -> list[ch.Change]:
    mid = replace(a, default=None)
    second = replace(have, old=mid) if have else ch.AlterColumn(table, mid, b)
    return [ch.AlterColumn(table, a, mid), second]


def _domains(cur, des, names, planned):
    """A domain's checks and default using the function: dropped before, added after."""
    altered = {c.old.qname: c for c in planned if isinstance(c, ch.AlterDomain)}
    dropped = {c.domain.qname for c in planned if isinstance(c, ch.DropDomain)}
    wanted = by_key(des.domains, qkey)
    out: list[ch.Change] = []
    replaced: list[ch.Change] = []
    for d in cur.domains:
        new = wanted.get(qkey(d))
        if new is None or d.qname in dropped:
            continue
        mid = _without(d, names)
        if mid == d:
            continue
        have = altered.get(d.qname)
        replaced += [have] if have else []
        out += [ch.AlterDomain(d, mid), ch.AlterDomain(mid, have.new if have else new)]
    return out, replaced


def _without(d: Domain, names: set[QName]) -> Domain:
    checks: tuple[Check, ...] = tuple(k for k in d.checks if not _uses_any(k.expression, names))
    default = None if _uses_any(d.default, names) else d.default
    return replace(d, checks=checks, default=default)


Around = Callable[[Database, Database, set[QName], list[ch.Change]], tuple[list[ch.Change], list[ch.Change]]]
AROUND: tuple[Around, ...] = (_domains, _columns, _constraints, _indexes)


def around_recreated(cur: Database, des: Database, recreated: set[QName], planned: list[ch.Change]) -> list[ch.Change]:
    """``planned`` with what uses the ``recreated`` functions dropped before them and created
    after them (a change of ``planned`` doing both at once is split in two)."""
    if not recreated:
        return planned
    added: list[ch.Change] = []
    gone: list[ch.Change] = []
    for kind in AROUND:
        more, replaced = kind(cur, des, recreated, planned)
        added += more
        gone += replaced
    return [c for c in planned if not any(c is g for g in gone)] + added
