"""Order changes so the script is always valid.

Changes fall into phases: schemas, extensions and types first (enums, then domains, which
may be over enums, then composite types, which may use both), drops of dependants before
what they depend on, tables before the foreign keys between them, views last, and drops of
types, extensions and schemas after everything that used them. Foreign keys are their own
phase after every table exists, which is what breaks cycles between tables. Within a phase,
objects that depend on each other of the same kind are ranked: views by the references in
their definitions, composite types by the types of their attributes, partitions below their
parent tables. Creations go by ascending rank, drops by descending rank. The down script
needs no ordering of its own: it is the reverse of each change, in reverse order.
"""

from __future__ import annotations

from collections.abc import Callable

from . import changes as ch
from .dependencies import uses
from .model import ForeignKey


def phase(c: ch.Change) -> float:
    match c:
        case ch.CreateSchema():
            return 0
        case ch.AlterColumn(early=True):
            return 4.2
        case ch.AlterSequence(early=True):
            return 4.4
        case ch.DropSequence(early=True):
            return 4.6
        case ch.CreateExtension() | ch.MoveExtension():
            return 1
        case ch.CreateEnum() | ch.AddEnumValues() | ch.RenameEnumValue():
            return 2
        case ch.DropDomain(replaced=True) | ch.CreateDomain():
            return 3
        case ch.DropCompositeType(replaced=True) | ch.CreateCompositeType():
            return 4
        case ch.CreateSequence():
            return 5
        case ch.DropView():
            return 6
        case ch.DropConstraint(constraint=ForeignKey()):
            return 7
        case ch.DropConstraint() | ch.DropIndex():
            return 8
        case ch.AlterSequence() if c.new.owned_by is None and c.old.owned_by is not None:
            return 8
        case ch.RenameTable() | ch.RenameColumn() | ch.RenameConstraint() | ch.RenameIndex():
            return 9
        case ch.RenameNotNull() if c.before_alter:
            return 10
        case ch.RecreateEnum() | ch.AlterDomain() | ch.AlterCompositeType():
            return 10
        case ch.DropTable(replaced=True):
            return 10
        case ch.CreateTable() | ch.AddColumn() | ch.AlterColumn() | ch.DropColumn():
            return 11
        case ch.RenameNotNull():
            return 12
        case ch.AddConstraint(constraint=ForeignKey()):
            return 14
        case ch.AddConstraint() | ch.CreateIndex():
            return 13
        case ch.AlterSequence() | ch.SetComment() | ch.SetTableComment():
            return 15
        case ch.DropTable():
            return 16
        case ch.DropCompositeType():
            return 17
        case ch.DropDomain():
            return 18
        case ch.DropSequence() | ch.DropEnum():
            return 19
        case ch.CreateView():
            return 20
        case ch.DropExtension():
            return 21
        case ch.DropSchema():
            return 22
    raise TypeError(f"no phase for {type(c).__name__}")


def _rank(objects: dict[int, object], depends: Callable[[object, object], bool]) -> dict[int, int]:
    """Depth of each object in the graph ``depends(a, b)`` = a needs b (cycles cut).

    Dependencies are lists in the order of ``objects`` (the changes' order), never sets of
    ids: where a cycle is cut depends on the visiting order, which must not vary by run.
    """
    deps = {i: [j for j, b in objects.items() if j != i and depends(a, b)] for i, a in objects.items()}
    rank: dict[int, int] = {}

    def depth(i: int, seen: frozenset = frozenset()) -> int:
        if i in rank:
            return rank[i]
        if i in seen:
            return 0
        rank[i] = 1 + max((depth(j, seen | {i}) for j in deps[i]), default=-1)
        return rank[i]

    for i in objects:
        depth(i)
    return rank


def _ranks(changes: list[ch.Change]) -> dict[int, int]:
    views = {id(c): c.view for c in changes if isinstance(c, (ch.CreateView, ch.DropView))}
    types = {id(c): c.type for c in changes if isinstance(c, (ch.CreateCompositeType, ch.DropCompositeType))}
    tables = {id(c): c.table for c in changes if isinstance(c, (ch.CreateTable, ch.DropTable))}
    rank = _rank(views, lambda a, b: uses(a.definition, b.qname))
    rank |= _rank(
        types, lambda a, b: any(uses(t, b.qname) for _, t, _ in a.attributes)
    )
    rank |= _rank(tables, lambda a, b: a.partition_of == b.qname)
    return rank


_DROPS = (ch.DropView, ch.DropCompositeType, ch.DropTable)


def order(changes: list[ch.Change]) -> list[ch.Change]:
    rank = _ranks(changes)

    def key(ic: tuple[int, ch.Change]):
        i, c = ic
        r = rank.get(id(c), 0)
        return (phase(c), -r if isinstance(c, _DROPS) else r, i)

    return [c for _, c in sorted(enumerate(changes), key=key)]


def labels_first(changes: list[ch.Change]) -> tuple[list[ch.Change], list[ch.Change]]:
    """(new enum labels, everything else) when a plan has both, else ([], changes).

    A label added by ``ALTER TYPE ... ADD VALUE`` cannot be used in the transaction that
    adds it, so every plan commits the labels in a step of their own, first.
    """
    labels = [c for c in changes if isinstance(c, ch.AddEnumValues)]
    if not labels or len(labels) == len(changes):
        return [], changes
    return labels, [c for c in changes if not isinstance(c, ch.AddEnumValues)]


def reverse(changes: list[ch.Change]) -> list[ch.Change]:
    """The down changes of an ordered up list."""
    return [c.reverse() for c in reversed(changes)]
