"""Order changes so the script is always valid.

Changes fall into phases (schemas and types first, drops of dependants before what they
depend on, tables before the foreign keys between them, views last). Foreign keys are their
own phase after every table exists, which is what breaks cycles between tables. Views are
ordered among themselves by the references in their definitions. The down script needs no
ordering of its own: it is the reverse of each change, in reverse order.
"""

from __future__ import annotations

import re

from . import changes as ch
from .model import ForeignKey


def phase(c: ch.Change) -> int:
    match c:
        case ch.CreateSchema():
            return 0
        case ch.CreateExtension():
            return 1
        case ch.CreateEnum() | ch.AddEnumValues() | ch.RenameEnumValue():
            return 2
        case ch.CreateSequence():
            return 3
        case ch.DropView():
            return 4
        case ch.DropConstraint(constraint=ForeignKey()):
            return 5
        case ch.DropConstraint() | ch.DropIndex():
            return 6
        case ch.AlterSequence() if c.new.owned_by is None and c.old.owned_by is not None:
            return 6
        case ch.RenameTable() | ch.RenameColumn() | ch.RenameConstraint() | ch.RenameIndex():
            return 7
        case ch.RecreateEnum():
            return 8
        case ch.CreateTable() | ch.AddColumn() | ch.AlterColumn() | ch.DropColumn():
            return 9
        case ch.AddConstraint(constraint=ForeignKey()):
            return 11
        case ch.AddConstraint() | ch.CreateIndex():
            return 10
        case ch.AlterSequence() | ch.SetComment() | ch.SetTableComment():
            return 12
        case ch.DropTable():
            return 13
        case ch.DropSequence() | ch.DropEnum():
            return 14
        case ch.CreateView():
            return 15
        case ch.DropExtension():
            return 16
        case ch.DropSchema():
            return 17
    raise TypeError(f"no phase for {type(c).__name__}")


def _view_rank(changes: list[ch.Change]) -> dict[int, int]:
    """Depth of each view in the dependency graph of the views being created/dropped."""
    views = {id(c): c.view for c in changes if isinstance(c, (ch.CreateView, ch.DropView))}
    names = {id_: f"{v.schema}.{v.name}" for id_, v in views.items()}
    deps: dict[int, set[int]] = {}
    for id_, v in views.items():
        deps[id_] = {
            other for other, n in names.items()
            if other != id_ and re.search(r"(?<![\w$])" + re.escape(n) + r"(?![\w$])", v.definition.replace('"', ""))
        }
    rank: dict[int, int] = {}

    def depth(i: int, seen: frozenset = frozenset()) -> int:
        if i in rank:
            return rank[i]
        if i in seen:
            return 0
        rank[i] = 1 + max((depth(j, seen | {i}) for j in deps[i]), default=-1)
        return rank[i]

    for i in views:
        depth(i)
    return rank


def order(changes: list[ch.Change]) -> list[ch.Change]:
    rank = _view_rank(changes)

    def key(ic: tuple[int, ch.Change]):
        i, c = ic
        r = rank.get(id(c), 0)
        return (phase(c), -r if isinstance(c, ch.DropView) else r, i)

    return [c for _, c in sorted(enumerate(changes), key=key)]


def reverse(changes: list[ch.Change]) -> list[ch.Change]:
    """The down changes of an ordered up list."""
    return [c.reverse() for c in reversed(changes)]
