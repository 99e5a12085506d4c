"""Extended statistics of the tables: created, dropped, or altered in place (target, comment).

A statistics object whose definition changes is dropped and created again (it holds only
what ``ANALYZE`` collects). The statistics of a created table are created after it, those of
a dropped table dropped before it, so the down script restores them too. A table renamed
from a hint keeps its statistics, and so does a renamed column (PostgreSQL follows both);
a table dropped and created again (its partitioning changed) and a column dropped and added
again (its generation expression changed) take theirs with them: they are created again.
"""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..equiv import canonical
from ..model import Database, Statistics, Table
from .catalog_text import rename_column_in
from .keys import by_key, qkey
from .partition_bounds import rebound
from .tables import recreated_partitions


def diff_statistics(cur: Database, des: Database) -> list[ch.Change]:
    c, d = by_key(cur.tables, qkey), by_key(des.tables, qkey)
    for k, t in d.items():
        old = (t.schema, t.renamed_from) if t.renamed_from else None
        if old is not None and k not in c and old in c:
            c[k] = c.pop(old)
    recreate = recreated_partitions(c, d, rebound(c, d))  # a partition whose bounds move keeps its statistics
    out: list[ch.Change] = []
    for k, t in sorted(c.items()):
        if k not in d or k in recreate:
            out += [ch.DropStatistics(t.qname, s) for s in by_key(t.statistics).values()]
    for k, t in d.items():
        if k not in c or k in recreate:
            out += [ch.CreateStatistics(t.qname, s) for s in by_key(t.statistics).values()]
        else:
            out += _table_statistics(c[k], t)
    return out


def _after_renames(o: Table, n: Table) -> tuple[Statistics, ...]:
    """``o``'s statistics as they read once ``n``'s column renames are made."""
    stats = o.statistics
    for col in n.columns:
        if col.renamed_from and o.column(col.name) is None and o.column(col.renamed_from) is not None:
            a, b = col.renamed_from, col.name
            stats = tuple(replace(s, columns=tuple(b if x == a else x for x in s.columns),
                                  expressions=tuple(rename_column_in(e, a, b) or e for e in s.expressions))
                          for s in stats)
    return stats


def _regenerated(o: Table, n: Table) -> set[str]:
    """Columns dropped and added again: their generation expression changes."""
    return {c.name for c in n.columns
            if (a := o.column(c.name)) is not None and canonical(a.generated) != canonical(c.generated)}


def _definition(s: Statistics) -> tuple:
    return (s.columns, s.expressions, s.kinds)


def _table_statistics(o: Table, n: Table) -> list[ch.Change]:
    qn = n.qname
    c, d = by_key(_after_renames(o, n)), by_key(n.statistics)
    regenerated = _regenerated(o, n)

    def redo(name: str) -> bool:
        old, new = c[name], d[name]
        return _definition(old) != _definition(new) or bool(regenerated & set(new.columns))

    out: list[ch.Change] = [ch.DropStatistics(qn, s) for name, s in c.items() if name not in d or redo(name)]
    for name, s in d.items():
        if name not in c or redo(name):
            out.append(ch.CreateStatistics(qn, s))
        elif c[name] != s:
            out.append(ch.AlterStatistics(qn, c[name], s))
    return out
