"""Where each migration stands (applied, pending, part-way, modified, missing), and the guard
that refuses to diff against a database that has not caught up with its migrations.

The files and the history are put side by side here; ``forge status`` only prints the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import ForgeError
from . import history, messages, runner
from .files import Migration

STATES = ("applied", "pending", "partial", "modified", "missing", "folded")


@dataclass(frozen=True)
class MigrationStatus:
    """One version, from its file, its history row or both."""

    version: str
    name: str
    file: str | None
    state: str  # one of STATES
    kind: str  # migration | plan (a saved plan applied with `forge apply PLANFILE`) | baseline
    applied_at: str | None  # ISO 8601
    execution_ms: int | None
    progress: dict[str, Any] | None  # how far a part-way run got
    note: str | None  # what a part-way run left, and how to go on

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version, "name": self.name, "file": self.file, "state": self.state, "kind": self.kind,
            "applied_at": self.applied_at, "execution_ms": self.execution_ms, "progress": self.progress,
            "note": self.note,
        }


def _state(version: str, *, part: bool, missing: set[str], applied: bool, modified: set[str],
           folded: bool) -> str:
    if part:
        return "partial"
    if version in missing:
        return "missing"
    if folded:
        return "folded"
    if not applied:
        return "pending"
    return "modified" if version in modified else "applied"


def classify(migrations: list[Migration], applied: dict[str, history.Applied],
             progress: dict[str, history.Progress]) -> list[MigrationStatus]:
    """Every version known to the files or the history, in version order.

    A history row of a migration a squash folded into a baseline, whose file is gone, is
    ``folded`` (up to date: the baseline stands for it); the row at the baseline's own version
    is ``applied``."""
    state = runner.State(migrations, applied, progress)
    by_version = state.by_version
    modified = {m.version for m in state.modified}
    missing = {a.version for a in state.missing}
    rows = []
    for version in sorted(by_version.keys() | applied.keys() | progress.keys()):
        mig, rec, part = by_version.get(version), applied.get(version), progress.get(version)
        folded = mig is None and rec is not None and state.is_folded(rec)
        where = _state(version, part=part is not None, missing=missing, applied=rec is not None, modified=modified,
                       folded=folded)
        rows.append(MigrationStatus(
            version=version, name=mig.name if mig else (rec or part).name,
            file=mig.filename if mig else None, state=where,
            kind=rec.kind if rec else part.kind if part else "migration",
            applied_at=rec.applied_at.isoformat() if rec else None,
            execution_ms=rec.execution_ms if rec else None,
            progress=None if part is None else {
                "direction": part.direction, "steps_done": part.steps_done, "steps": part.total_steps,
                "statements_done": part.statements_done},
            note=(f"{messages.describe_progress(part)}; {messages.resume_hint(part)}" if part is not None else
                  f"folded into {state.folded[(rec.version, rec.checksum)]} by forge squash" if folded else None),
        ))
    return rows


@dataclass(frozen=True)
class Status:
    """What ``forge status`` reports: the migrations, the manifest's problems and the drift."""

    migrations: list[MigrationStatus]
    manifest_problems: list[str]
    drift: list[str]  # one line per change from the expected schema to the database's

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(m.state == s for m in self.migrations) for s in STATES}

    def to_json(self) -> dict[str, Any]:
        return {
            "migrations": [m.to_json() for m in self.migrations],
            "counts": self.counts,
            "manifest_problems": self.manifest_problems,
            "drift": {"in_sync": not self.drift, "changes": self.drift},
        }

    def not_clean(self, *, pending_fails: bool) -> list[str]:
        """Why the status is not clean (empty when it is); pending migrations only count when asked."""
        counts, problems = self.counts, self.manifest_problems
        return [text for n, text in (
            (counts["modified"], f"{counts['modified']} modified migration(s)"),
            (counts["missing"], f"{counts['missing']} missing migration file(s)"),
            (counts["partial"], f"{counts['partial']} migration(s) part-way"),
            (len(problems), f"{len(problems)} manifest problem(s)"),
            (bool(self.drift), "drift"),
            (pending_fails and counts["pending"], f"{counts['pending']} pending migration(s)"),
        ) if n]


def unapplied(migrations: list[Migration], applied: dict[str, history.Applied]) -> list[Migration]:
    """The migrations the history does not hold (not applied, or stopped part-way)."""
    return [m for m in migrations if m.version not in applied]


def require_applied(migrations: list[Migration], applied: dict[str, history.Applied]) -> None:
    """Refuse to diff against a database that lacks some migrations: the diff would repeat them."""
    pending = [m.filename for m in unapplied(migrations, applied)]
    if pending:
        raise ForgeError(
            f"{len(pending)} migration(s) are not applied to the database yet ({', '.join(pending)}): "
            "a diff against it would repeat them",
            hint="run `forge apply` first, or use `forge generate NAME --from-migrations`",
        )
