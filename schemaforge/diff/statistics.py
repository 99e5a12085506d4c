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
from ..model import Database, QName, Statistics, Table
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
    if not o.statistics and not n.statistics:  # most tables: nothing to compare
        return []
    return statistics_changes(n.qname, _after_renames(o, n), n.statistics, _regenerated(o, n))


def statistics_changes(qn: QName, old: tuple[Statistics, ...], new: tuple[Statistics, ...],
                       regenerated: set[str] | frozenset[str] = frozenset(), of: str = "table") -> list[ch.Change]:
    """One relation's statistics from ``old`` to ``new``: dropped and created again when the
    definition changes (or a column under them is ``regenerated``), else altered in place."""
    c, d = by_key(old), by_key(new)

    def redo(name: str) -> bool:
        was, now = c[name], d[name]
        return _definition(was) != _definition(now) or bool(regenerated & set(now.columns))

    out: list[ch.Change] = [ch.DropStatistics(qn, s, of) for name, s in c.items() if name not in d or redo(name)]
    for name, s in d.items():
        if name not in c or redo(name):
            out.append(ch.CreateStatistics(qn, s, of))
        elif c[name] != s:
            out.append(ch.AlterStatistics(qn, c[name], s, of))
    return out


def diff_view_statistics(cur: Database, des: Database, view_changes: list[ch.Change]) -> list[ch.Change]:
    """Statistics of the materialized views the plan keeps. A view created (or created again)
    gets its statistics with it, after its indexes (:class:`~schemaforge.changes.CreateView`);
    a dropped one takes them along. So a recreate neither loses them nor names them twice."""
    rebuilt = {c.view.qname for c in view_changes if isinstance(c, ch.CreateView | ch.DropView)}
    c = by_key(cur.views, qkey)
    out: list[ch.Change] = []
    for k, v in sorted(by_key(des.views, qkey).items()):
        if k in c and v.qname not in rebuilt and (c[k].statistics or v.statistics):
            out += statistics_changes(v.qname, c[k].statistics, v.statistics, of="materialized view")
    return out
