"""Triggers on tables: created, dropped, replaced (``CREATE OR REPLACE TRIGGER``), enabled or
disabled, commented. A trigger needs its table and its function: created after both, dropped
before either goes."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import QName, Trigger
from .base import Change, Stage, column_key, function_key, table_key, trigger_key


def _uses(table: QName, t: Trigger) -> tuple:
    return (table_key(table), function_key(t.function), *(column_key(table, c) for c in t.update_of))


@dataclass(frozen=True)
class CreateTrigger(Change):
    table: QName
    trigger: Trigger
    symbol = "+"

    def reverse(self) -> Change:
        return DropTrigger(self.table, self.trigger)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"create trigger {self.trigger.name} on {self.table}"

    stage = Stage.KEYS

    def provides(self):
        return (trigger_key(self.table, self.trigger.name),)

    def requires(self):
        return _uses(self.table, self.trigger)


@dataclass(frozen=True)
class DropTrigger(Change):
    table: QName
    trigger: Trigger
    symbol = "-"

    def reverse(self) -> Change:
        return CreateTrigger(self.table, self.trigger)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"drop trigger {self.trigger.name} on {self.table}"

    stage = Stage.DROP_KEYS

    def removes(self):
        return (trigger_key(self.table, self.trigger.name),)

    def releases(self):
        return _uses(self.table, self.trigger)


@dataclass(frozen=True)
class ReplaceTrigger(Change):
    """``CREATE OR REPLACE TRIGGER`` (PostgreSQL 14+): a new definition under the same name."""

    table: QName
    old: Trigger
    new: Trigger

    def reverse(self) -> Change:
        return ReplaceTrigger(self.table, self.new, self.old)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"replace trigger {self.new.name} on {self.table}"

    stage = Stage.KEYS

    def alters(self):
        return (trigger_key(self.table, self.new.name),)

    def requires(self):
        return _uses(self.table, self.new)

    def releases(self):
        return _uses(self.table, self.old)


@dataclass(frozen=True)
class EnableTrigger(Change):
    """``ALTER TABLE ... ENABLE [REPLICA | ALWAYS] / DISABLE TRIGGER``."""

    table: QName
    name: str
    old: str
    new: str

    def reverse(self) -> Change:
        return replace(self, old=self.new, new=self.old)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"set trigger {self.name} on {self.table} {self.new}"

    stage = Stage.SETTINGS

    def requires(self):
        return (trigger_key(self.table, self.name),)


@dataclass(frozen=True)
class CommentTrigger(Change):
    table: QName
    name: str
    old: str | None
    new: str | None

    def reverse(self) -> Change:
        return replace(self, old=self.new, new=self.old)

    subject = property(lambda self: f"table {self.table}")

    def describe(self) -> str:
        return f"set comment on trigger {self.name} on {self.table}"

    stage = Stage.SETTINGS

    def requires(self):
        return (trigger_key(self.table, self.name),)
