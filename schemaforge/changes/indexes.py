"""Indexes of a table."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Index, QName
from .base import Change, Hazard, Key, Stage, class_name, column_key, mentions, table_key, unique_key


@dataclass(frozen=True)
class CreateIndex(Change):
    table: QName
    index: Index
    new_table: bool = False
    concurrently: bool = False  # built CONCURRENTLY, in a step of its own outside a transaction
    symbol = "+"

    def reverse(self) -> Change:
        return DropIndex(self.table, self.index, self.new_table, self.concurrently)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"create {'unique ' if self.index.unique else ''}index {self.index.name}"

    def hazards(self):
        if self.new_table or self.concurrently:
            return ()
        return (Hazard("long_lock", f"index {self.index.name} blocks writes to {self.table} while it builds", code="SF301"),)

    stage = Stage.KEYS

    def provides(self):
        return _index_keys(self.table, self.index)

    def requires(self):
        return _index_needs(self.table, self.index)


@dataclass(frozen=True)
class DropIndex(Change):
    table: QName
    index: Index
    new_table: bool = False
    concurrently: bool = False  # DROP INDEX CONCURRENTLY, outside a transaction
    symbol = "-"

    def reverse(self) -> Change:
        return CreateIndex(self.table, self.index, self.new_table, self.concurrently)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"drop index {self.index.name}"

    def hazards(self):
        # also for the indexes of a dropped table: each is its own DROP INDEX before the DROP TABLE, and
        # the linter, reading that SQL, cannot tell whose index it is
        if self.concurrently:
            return ()
        how = " (its table is dropped next)" if self.new_table else ""
        return (Hazard("long_lock", f"drop index {self.index.name} takes an ACCESS EXCLUSIVE lock on "
                                    f"{self.table}{how}", code="SF302"),)

    stage = Stage.DROP_KEYS

    def removes(self):
        return _index_keys(self.table, self.index)

    def releases(self):
        return _index_needs(self.table, self.index)


@dataclass(frozen=True)
class RenameIndex(Change):
    schema: str
    table: QName
    old_name: str
    new_name: str

    def reverse(self) -> Change:
        return RenameIndex(self.schema, self.table, self.new_name, self.old_name)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"rename index {self.old_name} to {self.new_name}"

    stage = Stage.RENAMES

    def provides(self):
        return (class_name(self.schema, self.new_name),)

    def removes(self):
        return (class_name(self.schema, self.old_name),)

    def requires(self):
        return (table_key(self.table),)


@dataclass(frozen=True)
class SetIndexStatistics(Change):
    """``ALTER INDEX ... ALTER COLUMN n SET STATISTICS``: the statistics target of an index's
    expression key (``n`` counts the index's keys from 1). A target changes in place; the
    index is not built again."""

    table: QName
    index: str
    position: int
    old: int | None
    new: int | None

    def reverse(self) -> Change:
        return SetIndexStatistics(self.table, self.index, self.position, self.new, self.old)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        shown = ["default" if v is None else str(v) for v in (self.old, self.new)]
        return f"index {self.index} key {self.position}: statistics {shown[0]} -> {shown[1]}"

    stage = Stage.SETTINGS

    def requires(self):
        return (table_key(self.table), class_name(self.table.schema, self.index))


def index_statistics(table: QName, old: Index | None, new: Index) -> list[Change]:
    """The targets that differ between two definitions of the same index (``old`` None: one
    just created, against the default)."""
    out: list[Change] = []
    for pos, e in enumerate(new.elements, start=1):
        was = old.elements[pos - 1].statistics if old is not None and pos <= len(old.elements) else None
        if was != e.statistics:
            out.append(SetIndexStatistics(table, new.name, pos, was, e.statistics))
    return out


def _index_keys(table: QName, ix: Index) -> tuple[Key, ...]:
    out = [class_name(table.schema, ix.name)]
    if ix.unique and all(e.column is not None for e in ix.elements) and not ix.where:
        out.append(unique_key(table, tuple(e.column for e in ix.elements)))
    return tuple(out)


def _index_needs(table: QName, ix: Index) -> tuple[Key, ...]:
    cols = [e.column for e in ix.elements if e.column is not None] + list(ix.include)
    # functions and operators its expressions and predicate call (OPERATOR(schema.symbol))
    text = " ".join([*(e.expression for e in ix.elements if e.expression), ix.where or ""]).strip()
    return (table_key(table), *(column_key(table, c) for c in cols), *mentions(text))
