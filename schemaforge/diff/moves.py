"""Tables moved to another PostgreSQL schema, from ``moved_from:`` hints (never guessed).

``ALTER TABLE ... SET SCHEMA`` takes the table's indexes, constraints and owned sequences
along (and a ``renamed_from`` on the same entity renames it there, in the same change). The
current model is rewritten to read as it will after the moves (the table, its serial
sequences and their defaults, the foreign keys and partitions that name it), so the rest of
the diff compares it like any other table.
"""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..model import Column, Database, QName, Table
from .catalog_text import catalog_name, default_sequence
from .keys import qkey
from .object_moves import diff_object_moves, rewritten
from .renames import renamed_table


def diff_moves(cur: Database, des: Database) -> tuple[list[ch.Change], Database]:
    """The moves (tables', then the other kinds': diff/object_moves.py), and ``cur`` as it
    reads after them."""
    out, cur = _table_moves(cur, des)
    more, cur = diff_object_moves(cur, des)
    return out + more, cur


def _table_moves(cur: Database, des: Database) -> tuple[list[ch.Change], Database]:
    tables = {t.qname: t for t in cur.tables}
    desired = {t.qname for t in des.tables}
    dest: dict[QName, QName] = {}  # where each moved table goes (schema and name)
    for t in sorted(des.tables, key=qkey):
        if not t.moved_from or t.moved_from == t.schema:
            continue
        src = QName(t.moved_from, t.renamed_from or t.name)
        if src in tables and src not in desired and t.qname not in tables and src not in dest:
            dest[src] = t.qname
    if not dest:
        return [], cur
    out: list[ch.Change] = []
    sequences = list(cur.sequences)
    owned: dict[QName, tuple[str, ...]] = {}
    for src, to in dest.items():
        owned[src] = tuple(sorted(s.name for s in sequences if s.owned_by and QName(*s.owned_by[:2]) == src))
        out.append(ch.MoveTable(tables[src], to.schema, owned[src], to.name if to.name != src.name else ""))
        sequences = [replace(s, schema=to.schema, owned_by=(to.schema, to.name, s.owned_by[2]))
                     if s.owned_by and QName(*s.owned_by[:2]) == src else s for s in sequences]
    moved = tuple(_moved(t, dest, owned.get(t.qname, ()), cur.named_not_nulls) for t in cur.tables)
    # views, policies, defaults ... over a moved table print where it went (kept by OID)
    return out, rewritten(replace(cur, tables=moved, sequences=tuple(sequences)), dest).sorted()


def _moved(t: Table, dest: dict[QName, QName], owned: tuple[str, ...], named_not_nulls: bool) -> Table:
    """``t`` after the moves: where it goes, with the serial defaults of its ``owned``
    sequences following them, and naming moved tables where they went."""
    fks = tuple(replace(f, ref_table=dest[f.ref_table]) if f.ref_table in dest else f for f in t.foreign_keys)
    parent = dest.get(t.partition_of, t.partition_of) if t.partition_of is not None else None
    if fks != t.foreign_keys or parent != t.partition_of:
        t = replace(t, foreign_keys=fks, partition_of=parent)
    to = dest.get(t.qname)
    if to is None:
        return t
    columns = tuple(_serial_moved(c, t.schema, to.schema, owned) for c in t.columns)
    t = replace(t, schema=to.schema, columns=columns)
    return renamed_table(t, to.name, named_not_nulls) if to.name != t.name else t


def _in_literal(schema: str, name: str) -> str:
    return catalog_name(schema, name).replace("'", "''")


def _serial_moved(c: Column, old: str, new: str, owned: tuple[str, ...]) -> Column:
    """A serial column's default once its sequence moved with the table."""
    seq = default_sequence(c.default)
    for name in owned if seq is not None else ():
        if seq == _in_literal(old, name):
            return replace(c, default=f"nextval('{_in_literal(new, name)}'::regclass)")
    return c
