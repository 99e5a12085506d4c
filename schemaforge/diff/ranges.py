"""Range types: created, dropped, commented. PostgreSQL cannot alter a range type's
definition, so a new one (or a new signature of its ``subtype_diff`` or ``canonical``
function, which is dropped and created again) recreates the type; while anything of the current schema uses it
(a column, a domain, an attribute, a function, an aggregate, directly or as its multirange)
that drop would fail or lose data, and the plan is refused with what to do instead."""

from __future__ import annotations

from .. import changes as ch
from ..changes.aggregates import named_function
from ..changes.base import function_key
from ..dependencies import uses
from ..errors import ForgeError
from ..model import Database, QName, RangeType
from .comments import comment_changes
from .keys import by_key, qkey


def _users(db: Database, r: RangeType) -> list[str]:
    """What of ``db`` names the range type or its multirange, for the message."""
    names = (r.qname, QName(r.schema, r.multirange_name))

    def named(text: str | None) -> bool:
        return bool(text) and any(uses(text, n) for n in names)

    found = [f"column {t.schema}.{t.name}.{c.name}" for t in db.tables for c in t.columns if named(c.type)]
    found += [f"domain {d.schema}.{d.name}" for d in db.domains if named(d.type)]
    found += [f"type {t.schema}.{t.name}" for t in db.composite_types if any(named(a[1]) for a in t.attributes)]
    found += [f"function {f.signature}" for f in db.functions
              if named(f.returns) or any(named(a.type) for a in f.arguments)]
    found += [f"aggregate {a.signature}" for a in db.aggregates if named(a.stype) or any(named(t) for t in a.identity)]
    return found


def diff_range_types(cur: Database, des: Database, dropped: set[QName]) -> list[ch.Change]:
    """``dropped``: functions the plan drops (a range type using one is created again)."""
    c, d = by_key(cur.range_types, qkey), by_key(des.range_types, qkey)
    out: list[ch.Change] = [ch.DropRangeType(x) for k, x in c.items() if k not in d]
    gone = {function_key(q) for q in dropped}
    for k in sorted(c.keys() & d.keys()):
        o, n = c[k], d[k]
        uses_dropped = any(f in gone for text in (o.canonical, o.subtype_diff) for f in named_function(text))
        if o.definition == n.definition and not uses_dropped:
            out += comment_changes("TYPE", k, o.comment, n.comment)
            continue
        users = _users(cur, o)
        if users:
            raise ForgeError(
                f"range type {o.qname} changes its definition or a function it uses, but {', '.join(users[:5])}"
                f"{' and more' if len(users) > 5 else ''} {'use' if len(users) > 1 else 'uses'} it: "
                "PostgreSQL cannot change a range type in place",
                hint="create the new definition as a range type of another name, move its users to it, "
                     "and drop the old one in a later migration")
        out += [ch.DropRangeType(o, replaced=True), ch.CreateRangeType(n)]
    out += [ch.CreateRangeType(x) for k, x in d.items() if k not in c]
    return out
