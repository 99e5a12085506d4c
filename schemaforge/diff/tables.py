"""Tables: renamed (from hints), created, dropped, recreated when their partitioning
changes, or compared column by column, constraint by constraint."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import replace

from .. import changes as ch
from ..model import Database, QName, Table
from .columns import diff_columns
from .constraints import diff_constraints
from .keys import by_key, qkey
from .partition_bounds import move_bounds, rebound
from .renames import renamed_column, renamed_table
from .table_attributes import diff_table_attributes, index_bound, inheritance_view


def diff_tables(cur: Database, des: Database, same: Callable[[object, object], bool] = operator.eq,
                ) -> tuple[list[ch.Change], set[QName]]:
    """Table changes, and the tables whose columns changed in a way dependent views feel.
    ``same``: the tables' equality (see :class:`~schemaforge.model.Same`)."""
    out: list[ch.Change] = []
    touched: set[QName] = set()
    c, d = by_key(cur.tables, qkey), by_key(des.tables, qkey)
    # Renames first, so the renamed table is then compared like any other.
    for k, t in sorted(d.items()):
        if t.renamed_from and k not in c and (t.schema, t.renamed_from) in c:
            old = c.pop((t.schema, t.renamed_from))
            out.append(ch.RenameTable(t.schema, old.name, t.name))
            c[k] = renamed_table(old, t.name, cur.named_not_nulls)
            touched.add(QName(t.schema, old.name))
    moved = rebound(c, d)  # a partition's new bounds: detached and attached again, rows kept
    recreate = recreated_partitions(c, d, moved)
    out += move_bounds(c, d, moved - recreate)
    for k, t in sorted(c.items()):
        if k not in d or k in recreate:
            out += _drop_table(t, replaced=k in recreate)
    for k, t in sorted(d.items()):
        if k not in c or k in recreate:
            out += _create_table(t)
    touched |= {QName(*k) for k in recreate}
    for k in sorted((c.keys() & d.keys()) - recreate):
        if same(c[k], d[k]):
            continue  # most tables of a plan: equal models give no change (the fields equality skips are hints)
        changes, table_touched = diff_table(inheritance_view(c[k], d[k], cur), d[k], cur.named_not_nulls)
        out += changes + diff_table_attributes(c[k], d[k], cur, des)
        if table_touched:
            touched.add(d[k].qname)
    return out, touched


def _partitioning(t: Table) -> tuple:
    return (t.partition_by, t.partition_of, t.partition_bound)


def recreated_partitions(c: dict, d: dict, moved: set | frozenset = frozenset()) -> set[tuple[str, str]]:
    """Tables whose partitioning changed (other than ``moved``, whose bounds alone did), and
    (transitively) the partitions of those: dropping a partitioned table drops its
    partitions, so they are recreated with it."""
    out = {k for k in c.keys() & d.keys() if k not in moved and _partitioning(c[k]) != _partitioning(d[k])}
    while True:
        more = {
            k for k in c.keys() & d.keys()
            if k not in out and c[k].partition_of is not None and qkey(c[k].partition_of) in out
        }
        if not more:
            return out
        out |= more


def _create_table(t: Table) -> list[ch.Change]:
    """CREATE TABLE without its foreign keys and indexes: those are steps of their own."""
    bare, index_bound_attributes = index_bound(replace(t, foreign_keys=(), indexes=()))
    out: list[ch.Change] = [ch.CreateTable(bare)]
    out += [ch.AddConstraint(t.qname, fk, new_table=True) for fk in t.foreign_keys]
    out += [ch.CreateIndex(t.qname, ix, new_table=True) for ix in t.indexes]
    return out + index_bound_attributes


def _drop_table(t: Table, replaced: bool = False) -> list[ch.Change]:
    bare, index_bound_attributes = index_bound(replace(t, foreign_keys=(), indexes=()))
    out: list[ch.Change] = [c.reverse() for c in reversed(index_bound_attributes)]
    out += [ch.DropConstraint(t.qname, fk, new_table=True) for fk in t.foreign_keys]
    out += [ch.DropIndex(t.qname, ix, new_table=True) for ix in t.indexes]
    out.append(ch.DropTable(bare, replaced=replaced))
    return out


def diff_table(o: Table, n: Table, named_not_nulls: bool = False) -> tuple[list[ch.Change], bool]:
    """One table on both sides: column renames, constraint and index drops, column changes,
    constraint and index additions, comment; and whether dependent views feel it."""
    out: list[ch.Change] = []
    touched = False
    for col in n.columns:
        if col.renamed_from and o.column(col.name) is None and o.column(col.renamed_from) is not None:
            out.append(ch.RenameColumn(n.qname, col.renamed_from, col.name))
            o = renamed_column(o, col.renamed_from, col.name, named_not_nulls)
            touched = True
    cons_out, cons_in = diff_constraints(o, n)
    out += cons_out
    column_changes, columns_touched = diff_columns(o, n, named_not_nulls)
    out += column_changes
    out += cons_in
    if o.comment != n.comment:
        out.append(ch.SetTableComment(n.qname, o.comment, n.comment))
    return out, touched or columns_touched
