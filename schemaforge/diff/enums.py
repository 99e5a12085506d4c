"""Enums: labels only ever appended or inserted in place (ADD VALUE); anything else (a label
removed or reordered) recreates the type and converts the columns that use it."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..changes.enums import Policies
from ..dependencies import uses_object, views_over
from ..model import Database, Domain, Enum, QName
from .catalog_text import catalog_name
from .comments import comment_changes
from .keys import by_key, qkey
from .policies import columns_of


def diff_enums(cur: Database, des: Database) -> list[ch.Change]:
    c, d = by_key(cur.enums, qkey), by_key(des.enums, qkey)
    out: list[ch.Change] = [ch.CreateEnum(e) for k, e in d.items() if k not in c]
    out += [ch.DropEnum(e) for k, e in c.items() if k not in d]
    for k in sorted(c.keys() & d.keys()):
        o, n = c[k], d[k]
        if o.labels != n.labels:
            columns, domains = columns_of_type(cur, des, o), _domains_over(cur, des, o)
            if _is_subsequence(o.labels, n.labels):
                # the reverse recreates the type where the plan began: every column of it then,
                # and every view over their tables or naming the type (a cast, a literal)
                names = {o.qname, *(t for t, *_ in columns), *(x for d, cols in domains for x in (d.qname, *(t for t, *_ in cols)))}
                views = views_over(cur, names)
                policies = _policies_naming(cur, names | {v.qname for v in views}, {(t, col) for t, col, *_ in columns})
                out.append(ch.AddEnumValues(o, n, columns, views, domains, policies))  # o as it is: its comment is the down's
            else:
                out.append(ch.RecreateEnum(o, n, columns, domains=domains))
        out += comment_changes("TYPE", k, o.comment, n.comment)
    return out


def _policies_naming(cur: Database, names: set[QName], columns: set[tuple[QName, str]]) -> Policies:
    """Policies of ``cur`` whose text names one of ``names`` or one of ``columns``: the down
    of ADD VALUE recreates the type, its views and converts its columns, which a policy blocks."""
    out = []
    for t in cur.tables:
        for p in t.policies:
            cols = columns_of(t, p)
            texts = [x for x in (p.using, p.with_check) if x]
            if any((t.qname, col) in columns for col in cols) or any(
                    uses_object(x, n) for x in texts for n in sorted(names, key=str)):
                out.append((t.qname, p, cols))
    return tuple(out)


def _is_subsequence(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
    it = iter(big)
    return all(x in it for x in small)


def leave_to_tables(enum_changes: list[ch.Change], table_changes: list[ch.Change]) -> list[ch.Change]:
    """Recreated enums (and retyped domains) without the columns the plan's table changes drop or retype: those go
    before the type is recreated (its keys say so), and converting them is no longer its job."""
    gone = {(c.table.qname, col.name) for c in table_changes if isinstance(c, ch.DropTable) for col in c.table.columns}
    gone |= {(c.table, c.column.name) for c in table_changes if isinstance(c, ch.DropColumn)}
    gone |= {(c.table, c.old.name) for c in table_changes if isinstance(c, ch.AlterColumn) and c.old.type != c.new.type}
    def kept(columns):
        return tuple(x for x in columns if (x[0], x[1]) not in gone)

    def left(c: ch.Change) -> ch.Change:
        if isinstance(c, ch.RecreateEnum):
            return replace(c, columns=kept(c.columns), domains=tuple((d, kept(cols)) for d, cols in c.domains))
        if isinstance(c, ch.RetypeDomain):
            return replace(c, columns=kept(c.columns))
        return c

    return [left(c) for c in enum_changes]


def _domains_over(cur: Database, des: Database, enum: Enum) -> tuple:
    """Domains over ``enum`` the plan keeps as they are (same base type and collation), each
    with its columns: recreated over the new type with it."""
    tname = catalog_name(enum.schema, enum.name)
    wanted = by_key(des.domains, qkey)
    out = []
    for d in cur.domains:
        new = wanted.get(qkey(d))
        if d.type == tname and new is not None and (new.type, new.collation) == (d.type, d.collation):
            out.append((d, columns_of_type(cur, des, d)))
    return tuple(out)


def columns_of_type(cur: Database, des: Database, enum: Enum | Domain):
    """Columns of the current database typed with ``enum`` (or a domain), with their old and
    new defaults."""
    tname = catalog_name(enum.schema, enum.name)
    found = []
    for t in cur.tables:
        for col in t.columns:
            if col.type in (tname, tname + "[]"):
                dt = des.table(t.schema, t.name)
                dc = dt.column(col.name) if dt else None
                new_default = dc.default if dc and dc.type == col.type else None
                found.append((t.qname, col.name, col.default, new_default, col.type.endswith("[]")))
    return tuple(found)
