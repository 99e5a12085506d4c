"""``forge generate``: the plan a new migration holds, and writing it.

A migration is diffed either against the target (which must then hold every migration already
written, or the diff would repeat them) or against the migrations directory replayed on a scratch
database (:func:`schemaforge.migrations.replay.plan_from_migrations`). Writing it asks the destructive-change gate first, as ``sync`` does: the consent is
given once, here, and not again when the file is applied.

Two ``forge generate`` in one folder at once would each diff against the same migrations and
write the same change twice: :func:`folder_lock` makes the second wait until the first has
written its file, then it plans again (and finds nothing left, or a target that lacks the new
migration).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ..config import Config
from ..database.session import connect
from ..model import Database
from . import files, history, manifest
from .status import require_applied


@contextlib.contextmanager
def folder_lock(directory: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on the migrations folder itself (flock on the directory: no file made)."""
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait(f"waiting for another forge generate in {directory} to finish...")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def write_empty(directory: Path, name: str) -> Path:
    """A template with empty up and down sections, signed into the manifest."""
    path = files.write_new(directory, name, [], [])
    manifest.write(directory)
    return path


def plan_against_target(config: Config, url: str, desired_yaml: Database, migrations: list[files.Migration],
                        fallback: Callable[[], str] | None):
    """The plan from the target to the YAML, refused while the target lacks some of ``migrations``."""
    from ..planner import plan_against

    with connect(url) as conn:
        applied = history.read(conn, config.history_schema)
    require_applied(migrations, applied)
    plan, _, _ = plan_against(config, url, desired_yaml, fallback=fallback)
    return plan


def write_plan(directory: Path, name: str, plan, *, allow_destructive: bool, url: str | None) -> Path:
    """The plan's steps, as `forge plan` showed them, as one migration; ``url``: the database the
    plan is against, where the data a destructive change would lose can be counted."""
    from ..safety import require_consent

    require_consent(plan.changes, allow=allow_destructive, what="the migration", url=url)
    path = files.write_new(directory, name, plan.up_steps, plan.down_steps)
    manifest.write(directory)
    return path
