"""Extended statistics of a table or materialized view, and a column's statistics target, storage and compression.

None of these touches data: statistics objects hold only what ``ANALYZE`` collects, and the
column settings change how later values are stored and sampled. So they carry no hazard.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import QName, Statistics
from .base import Change, Key, Stage, column_key, mentions, relation, table_key

# (statistics target, storage, compression) of a column; None each = the default
ColumnOptions = tuple[int | None, str | None, str | None]


def statistics_key(schema: str, name: str) -> Key:
    """A statistics object's name, unique per schema."""
    return ("statistics", schema, name)


def _needs(table: QName, s: Statistics) -> tuple[Key, ...]:
    return (table_key(table), *(column_key(table, c) for c in s.columns), *(k for e in s.expressions for k in mentions(e)))


@dataclass(frozen=True)
class CreateStatistics(Change):
    table: QName
    statistics: Statistics
    of: str = "table"  # or "materialized view": what ``table`` names, for the subject
    symbol = "+"

    def reverse(self) -> Change:
        return DropStatistics(self.table, self.statistics, self.of)

    subject = property(lambda self: f"{self.of} {self.table}")

    def describe(self) -> str:
        return f"create statistics {self.statistics.name}"

    stage = Stage.KEYS

    def provides(self):
        return (statistics_key(self.table.schema, self.statistics.name),)

    def requires(self):
        return _needs(self.table, self.statistics)


@dataclass(frozen=True)
class DropStatistics(Change):
    table: QName
    statistics: Statistics
    of: str = "table"  # or "materialized view": what ``table`` names, for the subject
    symbol = "-"

    def reverse(self) -> Change:
        return CreateStatistics(self.table, self.statistics, self.of)

    subject = property(lambda self: f"{self.of} {self.table}")

    def describe(self) -> str:
        return f"drop statistics {self.statistics.name}"

    stage = Stage.DROP_KEYS

    def removes(self):
        return (statistics_key(self.table.schema, self.statistics.name),)

    def requires(self):
        return (table_key(self.table),)

    def releases(self):
        return _needs(self.table, self.statistics)[1:]


@dataclass(frozen=True)
class AlterStatistics(Change):
    """The target (``ALTER STATISTICS ... SET STATISTICS``) and the comment of one statistics object."""

    table: QName
    old: Statistics
    new: Statistics
    of: str = "table"

    def reverse(self) -> Change:
        return AlterStatistics(self.table, self.new, self.old, self.of)

    subject = property(lambda self: f"{self.of} {self.table}")

    def describe(self) -> str:
        parts = []
        if self.old.target != self.new.target:
            parts.append(f"target {_shown(self.old.target)} -> {_shown(self.new.target)}")
        if self.old.comment != self.new.comment:
            parts.append("comment")
        return f"alter statistics {self.new.name}: " + ", ".join(parts)

    stage = Stage.SETTINGS

    def requires(self):
        return (statistics_key(self.table.schema, self.new.name),)


@dataclass(frozen=True)
class SetColumnOptions(Change):
    """``ALTER COLUMN ... SET STATISTICS / SET STORAGE / SET COMPRESSION`` of an existing column.

    A type change resets storage and compression: the ``AlterColumn`` that changes the type sets
    them again (both directions), so this change then carries only the statistics target."""

    table: QName
    column: str
    old: ColumnOptions
    new: ColumnOptions
    type: str = ""  # the column's type: what SET STORAGE resets to

    def reverse(self) -> Change:
        return replace(self, old=self.new, new=self.old)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        names = ("statistics", "storage", "compression")
        parts = [f"{n} {_shown(a)} -> {_shown(b)}" for n, a, b in zip(names, self.old, self.new, strict=True)
                 if a != b]
        return f"alter column {self.column}: " + ", ".join(parts)

    stage = Stage.SETTINGS

    def requires(self):
        return (table_key(self.table), column_key(self.table, self.column))

    def alters(self):
        return (relation(self.table),) if self.old[1:] != self.new[1:] else ()


def _shown(value) -> str:
    return "default" if value is None else str(value)
