"""``forge generate``: the plan a new migration holds, and writing it.

A migration is diffed either against the target (which must then hold every migration already
written, or the diff would repeat them) or against the migrations directory replayed on a scratch
database (:func:`schemaforge.migrations.replay.plan_from_migrations`). Writing it asks the destructive-change gate first, as ``sync`` does: the consent is
given once, here, and not again when the file is applied.

Two ``forge generate`` in one folder at once would each diff against the same migrations and
write the same change twice. Each plans and passes the consent gate first, without any lock (so
planning, counting the data at risk, or anything slow there never blocks another generate), then
takes :func:`folder_lock` only to write: under it, :func:`write_checked` writes the plan only if
the folder (and, for a plan against the target, the target's schema) is still what the plan was
made from. The one that comes second finds the folder changed and stops, writing nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ..config import Config
from ..database.session import connect
from ..errors import ForgeError
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
                        fallback: Callable[[], str] | None, progress: Callable[[str], None] | None = None, *,
                        prefetched=None):
    """The plan from the target to the YAML, refused while the target lacks some of ``migrations``.
    ``prefetched``: the target's model, read meanwhile (see :func:`schemaforge.reading.prefetch_target`)."""
    from ..planner import plan_against

    with connect(url) as conn:
        applied = history.read(conn, config.history_schema)
    require_applied(migrations, applied)
    plan, _, _ = plan_against(config, url, desired_yaml, fallback=fallback, progress=progress, prefetched=prefetched)
    return plan


def folder_state(directory: Path) -> str:
    """A digest of the folder's migration files and manifest: what a plan made from it depends on."""
    digest = hashlib.sha256()
    if directory.is_dir():
        for p in sorted(directory.iterdir()):
            if p.is_file() and (p.suffix == ".sql" or p.name == manifest.SUM_FILE):
                digest.update(f"{p.name}\0{len(p.read_bytes())}\0".encode() + p.read_bytes())
    return digest.hexdigest()


def consent(plan, *, allow_destructive: bool, url: str | None) -> None:
    """The destructive-change gate for a migration; ``url``: the database the plan is against,
    where the data a destructive change would lose can be counted. Asked before the folder lock."""
    from ..safety import require_consent

    require_consent(plan.changes, allow=allow_destructive, what="the migration", url=url)


def write_checked(directory: Path, name: str, plan, state: str, current: Callable[[], str] | None) -> Path:
    """Under :func:`folder_lock`: the plan's steps as one migration, if the folder is still in
    ``state`` (:func:`folder_state` when planning) and ``current()`` (the target's schema
    fingerprint now; None for a plan from the replayed folder) is still the plan's."""
    if folder_state(directory) != state:
        raise ForgeError(f"the migrations folder {directory} changed while this forge generate was planning "
                         "(another generate wrote a migration, or a file was edited): nothing written",
                         hint="run forge generate again: it plans against the folder as it is now")
    if current is not None and current() != plan.fingerprint:
        raise ForgeError("the database changed while this forge generate was planning: nothing written",
                         hint="run forge generate again: it plans against the database as it is now")
    path = files.write_new(directory, name, plan.up_steps, plan.down_steps)
    manifest.write(directory)
    return path
