"""What ``forge baseline`` and ``forge squash`` mean to the runner: the guards around a baseline.

A baseline creates the whole schema from nothing. A squash baseline also stands for the
migrations it folded (its ``-- +folds`` lines, :class:`.files.Folded`): a database that applied
them exactly is at the baseline already (``runner.State`` reads their rows as such). Two things
would go wrong quietly, and are refused here: applying a baseline on a database that applied only
some of what it folds, and rolling back a baseline (its down drops everything) or one of the
migrations it folded, unless asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import ForgeError
from .files import Migration, load_all


def check_not_between(mig: Migration, folded_applied: set[str]) -> None:
    """A baseline creates everything: refuse it on a database that applied only some of what it
    folds (``folded_applied``: the versions in its history that a baseline folds, unedited)."""
    some = sorted(f.filename for f in mig.folds if f.version in folded_applied)
    if some:
        raise ForgeError(
            f"{mig.filename} is a baseline that folds {len(mig.folds)} earlier migration(s), and this database "
            f"applied only some of them ({', '.join(some)}): the baseline would create what it already has",
            hint="apply the rest of them first, from the migrations directory as it was before `forge squash` "
                 "(check out that commit and run `forge apply --to " + mig.version + "`)")


def folded_into(directory: Path) -> dict[str, str]:
    """version → the baseline file that folds it, from the migrations directory as it parses
    (a rollback runs recorded SQL and needs no file: a directory that does not parse folds nothing)."""
    try:
        migrations = load_all(directory)
    except ForgeError:
        return {}
    return {f.version: m.filename for m in migrations if m.baseline for f in m.folds}


def check_no_baseline(units: Sequence, folded: dict[str, str]) -> None:
    """Refuse to roll back a baseline, or a migration a baseline folded, unless asked to."""
    for u in units:
        if u.kind == "baseline":
            raise ForgeError(
                f"{u.what} is a baseline: its down drops the whole schema it adopted (every table, with its data)",
                hint="roll back only the migrations after it (`forge rollback --to " + u.version + "`), or pass "
                     "--include-baseline if dropping everything is what you want")
        if u.version in folded:
            raise ForgeError(
                f"{u.what} was folded into the baseline {folded[u.version]} by `forge squash`: rolling it "
                "back leaves the database part-way through what the baseline creates, where `forge apply` cannot "
                "bring it forward again",
                hint="roll back only the migrations after it (`forge rollback --to " + u.version + "`), or pass "
                     "--include-baseline to run its recorded down anyway")
