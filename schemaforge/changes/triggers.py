"""Triggers on tables and views: created, dropped, replaced (``CREATE OR REPLACE TRIGGER``),
enabled or disabled, commented. A trigger needs its table (or view) and its function, a
constraint trigger the table of its ``FROM`` too: created after all, dropped before any goes.
``view``: the trigger is on a view (its key is the view's ``relation``, which a view's drop
and create remove and provide)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import QName, Trigger
from .base import Change, Stage, column_key, function_key, mentions, relation, table_key, trigger_key


def _uses(table: QName, t: Trigger, view: bool = False) -> tuple:
    if view:
        return (relation(table), function_key(t.function), *mentions(t.when))
    return (table_key(table), function_key(t.function), *mentions(t.when), *(column_key(table, c) for c in t.update_of),
            *((table_key(t.from_table),) if t.from_table is not None else ()))


def _on(table: QName, view: bool) -> str:
    return f"{'view' if view else 'table'} {table}"


@dataclass(frozen=True)
class CreateTrigger(Change):
    table: QName
    trigger: Trigger
    symbol = "+"
    view: bool = False

    def reverse(self) -> Change:
        return DropTrigger(self.table, self.trigger, self.view)

    subject = property(lambda self: _on(self.table, self.view))

    def describe(self) -> str:
        return f"create trigger {self.trigger.name} on {self.table}"

    stage = Stage.KEYS

    def provides(self):
        return (trigger_key(self.table, self.trigger.name),)

    def requires(self):
        return _uses(self.table, self.trigger, self.view)


@dataclass(frozen=True)
class DropTrigger(Change):
    table: QName
    trigger: Trigger
    symbol = "-"
    view: bool = False

    def reverse(self) -> Change:
        return CreateTrigger(self.table, self.trigger, self.view)

    subject = property(lambda self: _on(self.table, self.view))

    def describe(self) -> str:
        return f"drop trigger {self.trigger.name} on {self.table}"

    stage = Stage.DROP_KEYS

    def removes(self):
        return (trigger_key(self.table, self.trigger.name),)

    def releases(self):
        return _uses(self.table, self.trigger, self.view)


@dataclass(frozen=True)
class ReplaceTrigger(Change):
    """``CREATE OR REPLACE TRIGGER`` (PostgreSQL 14+): a new definition under the same name."""

    table: QName
    old: Trigger
    new: Trigger
    view: bool = False

    def reverse(self) -> Change:
        return ReplaceTrigger(self.table, self.new, self.old, self.view)

    subject = property(lambda self: _on(self.table, self.view))

    def describe(self) -> str:
        return f"replace trigger {self.new.name} on {self.table}"

    stage = Stage.KEYS

    def alters(self):
        return (trigger_key(self.table, self.new.name),)

    def requires(self):
        return _uses(self.table, self.new, self.view)

    def releases(self):
        return _uses(self.table, self.old, self.view)


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
    view: bool = False

    def reverse(self) -> Change:
        return replace(self, old=self.new, new=self.old)

    subject = property(lambda self: _on(self.table, self.view))

    def describe(self) -> str:
        return f"set comment on trigger {self.name} on {self.table}"

    stage = Stage.SETTINGS

    def requires(self):
        return (trigger_key(self.table, self.name),)
