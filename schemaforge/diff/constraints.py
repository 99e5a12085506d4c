"""Primary key, uniques, checks, foreign keys, exclusions and indexes of one table.

Each is matched by name; one whose definition (expressions in canonical form, name and
comment aside) is unchanged under a new name is renamed in place rather than recreated.
"""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..equiv import canonical
from ..model import Check, ForeignKey, Index, Table
from .comments import constraint_comment
from .keys import by_key


def definition(con) -> object:
    """A constraint or index with the parts that do not define it blanked out."""
    if isinstance(con, Index):
        return replace(
            con, name="", comment=None, where=canonical(con.where),
            elements=tuple(replace(e, expression=canonical(e.expression), statistics=None) for e in con.elements),
        )
    if isinstance(con, Check):  # NOT VALID or not: the same constraint (validated in place)
        return replace(con, name="", comment=None, expression=canonical(con.expression), valid=True)
    if isinstance(con, ForeignKey):  # ENFORCED or not: altered in place (PostgreSQL 18)
        return replace(con, name="", comment=None, valid=True, enforced=True)
    return replace(con, name="", comment=None) if hasattr(con, "comment") else replace(con, name="")


def _recreated(x, y) -> bool:
    """A foreign key whose enforcement changes with a NOT VALID side: ``ALTER CONSTRAINT ...
    ENFORCED`` always validates, so only drop and add reaches (or leaves) enforced NOT VALID."""
    return isinstance(x, ForeignKey) and x.enforced != y.enforced and not (x.valid and y.valid)


def diff_constraints(o: Table, n: Table) -> tuple[list[ch.Change], list[ch.Change]]:
    """(drops and renames, additions) for the primary key, uniques, checks, FKs and indexes:
    the first go before the column changes, the second after."""
    drops: list[ch.Change] = []
    adds: list[ch.Change] = []
    groups: list[tuple[tuple, tuple, str]] = [
        ((o.primary_key,) if o.primary_key else (), (n.primary_key,) if n.primary_key else (), "CONSTRAINT"),
        (o.uniques, n.uniques, "CONSTRAINT"),
        (o.checks, n.checks, "CONSTRAINT"),
        (o.foreign_keys, n.foreign_keys, "CONSTRAINT"),
        (o.exclusions, n.exclusions, "CONSTRAINT"),
        (o.indexes, n.indexes, "INDEX"),
    ]
    for olds, news, target in groups:
        d, a = _diff_group(n, olds, news, target)
        drops += d
        adds += a
    return drops, adds


def _diff_group(n: Table, olds: tuple, news: tuple, target: str) -> tuple[list[ch.Change], list[ch.Change]]:
    """One kind of constraint (``target`` CONSTRAINT) or the indexes (INDEX) of table ``n``."""
    drops: list[ch.Change] = []
    adds: list[ch.Change] = []
    qn = n.qname
    partitioned = n.partition_by is not None
    ob, nb = by_key(olds), by_key(news)
    differ = {k for k in ob.keys() & nb.keys()
              if ob[k] != nb[k] and (definition(ob[k]) != definition(nb[k]) or _recreated(ob[k], nb[k]))}
    gone = [x for name, x in ob.items() if name not in nb or name in differ]
    come = [x for name, x in nb.items() if name not in ob or name in differ]
    # same definition, other name: rename in place
    for x in list(gone):
        twin = next((y for y in come if y.name not in ob and definition(y) == definition(x)
                     and not _recreated(x, y)), None)
        if twin is not None and x.name not in nb:
            gone.remove(x)
            come.remove(twin)
            if target == "INDEX":
                drops.append(ch.RenameIndex(n.schema, qn, x.name, twin.name))
            else:
                drops.append(ch.RenameConstraint(qn, x.name, twin.name))
            if getattr(x, "comment", None) != getattr(twin, "comment", None):
                adds.append(constraint_comment(target, n, twin.name, x.comment, twin.comment))
            if getattr(x, "valid", True) != getattr(twin, "valid", True):
                adds.append(ch.SetConstraintValid(qn, twin))
            if isinstance(x, ForeignKey) and x.enforced != twin.enforced:
                adds.append(ch.SetForeignKeyEnforced(qn, twin))
            if target == "INDEX":
                adds += ch.index_statistics(qn, x, twin)
    for x in gone:
        drops.append(ch.DropIndex(qn, x) if target == "INDEX" else ch.DropConstraint(qn, x, partitioned=partitioned))
    for y in come:
        adds.append(ch.CreateIndex(qn, y) if target == "INDEX" else ch.AddConstraint(qn, y, partitioned=partitioned))
    for name in sorted(ob.keys() & nb.keys() - differ):
        x, y = ob[name], nb[name]
        if x != y and getattr(x, "comment", None) != getattr(y, "comment", None):
            adds.append(constraint_comment(target, n, name, x.comment, y.comment))
        if getattr(x, "valid", True) != getattr(y, "valid", True):
            adds.append(ch.SetConstraintValid(qn, y))
        if isinstance(x, ForeignKey) and x.enforced != y.enforced:
            adds.append(ch.SetForeignKeyEnforced(qn, y))
        if target == "INDEX" and x != y:
            adds += ch.index_statistics(qn, x, y)
    return drops, adds
