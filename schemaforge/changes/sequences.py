"""Sequences: standalone or owned by a column."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import QName, Sequence
from .base import Change, Hazard, Key, Stage, class_name, column_key, schema_key, sequence_key


@dataclass(frozen=True)
class CreateSequence(Change):
    sequence: Sequence
    symbol = "+"

    def reverse(self) -> Change:
        return DropSequence(self.sequence)

    subject = property(lambda self: f"sequence {self.sequence.qname}")

    def describe(self) -> str:
        return f"create sequence {self.sequence.qname}"

    stage = Stage.SEQUENCES

    def provides(self):
        s = self.sequence
        return (sequence_key(s.qname), class_name(s.schema, s.name))

    def requires(self):
        return (schema_key(self.sequence.schema), *_owner(self.sequence))


@dataclass(frozen=True)
class DropSequence(Change):
    sequence: Sequence
    symbol = "-"
    early: bool = field(default=False, compare=False)  # a serial's sequence, before its identity replaces it

    def reverse(self) -> Change:
        return CreateSequence(self.sequence)

    subject = property(lambda self: f"sequence {self.sequence.qname}")

    def describe(self) -> str:
        return f"drop sequence {self.sequence.qname}"

    def hazards(self):
        return (Hazard("data_loss", f"drops sequence {self.sequence.qname} and its current value", destructive=True, code="SF103"),)

    @property
    def stage(self):
        return Stage.DROP_RELEASED if self.early else Stage.DROP_TYPES

    def removes(self):
        s = self.sequence
        return (sequence_key(s.qname), class_name(s.schema, s.name))

    def releases(self):
        return (schema_key(self.sequence.schema), *_owner(self.sequence))


@dataclass(frozen=True)
class AlterSequence(Change):
    old: Sequence
    new: Sequence
    early: bool = field(default=False, compare=False)  # see DropSequence.early

    def reverse(self) -> Change:
        return AlterSequence(self.new, self.old)

    subject = property(lambda self: f"sequence {self.new.qname}")

    def describe(self) -> str:
        return f"alter sequence {self.new.qname}"

    @property
    def stage(self):
        if self.early:
            return Stage.RELEASE_OWNERSHIP
        # giving up OWNED BY goes with the other drops of what depends on a table
        released = self.old.owned_by is not None and self.new.owned_by is None
        return Stage.DROP_KEYS if released else Stage.SETTINGS

    def requires(self):
        return (sequence_key(self.new.qname), *_owner(self.new))

    def releases(self):
        # OWNED BY NONE goes before its column or table is dropped
        return _owner(self.old) if self.old.owned_by != self.new.owned_by else ()


def _owner(s: Sequence) -> tuple[Key, ...]:
    """The column a sequence is owned by: it must exist to be named in OWNED BY."""
    if s.owned_by is None:
        return ()
    schema, table, column = s.owned_by
    return (column_key(QName(schema, table), column),)
