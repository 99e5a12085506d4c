"""Sequences: standalone or owned by a column."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Sequence
from .base import Change, Hazard


@dataclass(frozen=True)
class CreateSequence(Change):
    sequence: Sequence
    symbol = "+"

    def reverse(self) -> Change:
        return DropSequence(self.sequence)

    subject = property(lambda self: f"sequence {self.sequence.qname}")

    def describe(self) -> str:
        return f"create sequence {self.sequence.qname}"


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
        return (Hazard("data_loss", f"drops sequence {self.sequence.qname} and its current value", destructive=True),)


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

