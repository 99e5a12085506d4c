"""``forge baseline`` and ``forge squash``: a first migration that stands for a whole schema.

``forge baseline`` adopts a database that was made without migrations (by hand, by another tool,
by ``forge sync``): its migration creates the whole schema from nothing and is recorded as
applied on that database *without running it* (kind ``baseline``), under the deploy lock, so the
next ``forge generate`` holds only what is new. A fresh database gets the schema by applying it.

``forge squash --to VERSION`` replaces the migrations up to VERSION by one baseline at VERSION
that creates what they produce. Its ``-- +folds`` lines name each file it replaced, with the
checksum the history holds for it, so a database that applied them is at the baseline already
(:mod:`.folding`). The folded files' data statements (an ``INSERT`` of reference rows) are not
schema and are not carried over: :func:`data_statements` names them so the caller can say so.

A baseline's down drops everything it creates; ``forge rollback`` runs it only when asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..database.session import Server, connect
from ..errors import ForgeError
from ..model import Database
from . import files, history, manifest
from .clock import SYSTEM_CLOCK, Clock
from .events import Reporter
from .files import BASELINE, Folded, Migration, Step
from .locking import advisory_lock

DEFAULT_NAME = "baseline"
_DATA = re.compile(r"\s*(INSERT|UPDATE|DELETE|COPY|MERGE|TRUNCATE)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Written:
    """A baseline file on disk, as the runner reads it."""

    migration: Migration
    folded: tuple[Migration, ...] = ()  # the files a squash replaced (deleted)


def require_no_history(conn, schema: str) -> None:
    """``forge baseline`` starts a history: refuse a database that has one."""
    applied, progress = history.read(conn, schema), history.read_progress(conn, schema)
    if applied or progress:
        latest = max([*applied, *progress])
        raise ForgeError(
            f"the database already has a migration history ({len(applied)} applied, latest {latest}): "
            "forge baseline only adopts a database that has none",
            hint="new changes go in `forge generate NAME`; to fold old migrations into one, "
                 "use `forge squash --to VERSION`")


def require_no_files(directory: Path) -> None:
    """A baseline is the first migration: refuse a directory that already has some."""
    present = files.migration_files(directory)
    if present:
        raise ForgeError(
            f"{directory} already holds {len(present)} migration(s) ({present[0].name}, ...): "
            "forge baseline writes the first one",
            hint="apply them (`forge apply`) instead; to fold them into one, use `forge squash --to VERSION`")


def creation_plan(config: Config, server: Server, desired_yaml: Database):
    """The plan from an empty database to the YAML: what the baseline's up creates."""
    from .replay import plan_from_migrations

    return plan_from_migrations(config, server, [], desired_yaml)


def write(directory: Path, version: str, name: str, up: Sequence[Step], down: Sequence[Step],
          folds: Sequence[Folded] = ()) -> Path:
    """The baseline file (exclusive create: never over another file), signed into the manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{version}_{files.slugify(name)}.sql"
    with path.open("x") as f:
        f.write(files.render(version, files.slugify(name), up, down, directives=(BASELINE,), folds=folds))
    manifest.write(directory)
    return path


def mark_applied(config: Config, url: str, mig: Migration, reporter: Reporter, *,
                 still: Callable[[], None] = lambda: None, clock: Clock = SYSTEM_CLOCK) -> None:
    """Record ``mig`` as applied on ``url`` without running it, under the deploy lock.

    ``still()`` runs under the lock first and raises if the database is no longer the one the
    baseline was made from; a history that appeared meanwhile is refused too.
    """
    schema = config.history_schema
    with advisory_lock(url, reporter, clock, config.lock_wait) as conn:
        require_no_history(conn, schema)
        still()
        history.ensure(conn, schema)
        with conn.transaction():
            history.record(conn, schema, version=mig.version, name=mig.name, checksum=mig.checksum,
                           up_sql=mig.up_sql, down_sql=mig.down_sql, execution_ms=None, kind="baseline")


def history_of(config: Config, url: str) -> None:
    """Refuse early (before any planning) a database that has a history already."""
    with connect(url) as conn:
        require_no_history(conn, config.history_schema)


# --- squash ---------------------------------------------------------------------------------------


def to_fold(migrations: list[Migration], to: str) -> list[Migration]:
    """The migrations up to ``to``, which must be a migration's version; at least two of them."""
    if to not in {m.version for m in migrations}:
        raise ForgeError(f"--to {to}: no migration with that version", hint="see `forge status` for the versions")
    folded = [m for m in migrations if m.version <= to]
    if len(folded) < 2:
        raise ForgeError(f"--to {to}: only {folded[0].filename} is at or before it: nothing to squash",
                         hint="squash folds two migrations or more into one baseline")
    return folded


def folds_of(folded: Sequence[Migration]) -> tuple[Folded, ...]:
    """What the new baseline stands for: each folded file, and what an earlier squash folded."""
    out: list[Folded] = []
    for m in folded:
        out += m.folds
        out.append(Folded(m.version, m.name, m.checksum))
    return tuple(out)


def data_statements(folded: Sequence[Migration]) -> list[str]:
    """``file: statement`` for each statement that writes rows: a baseline holds only schema."""
    return [f"{m.filename}: {s.splitlines()[0][:80]}" for m in folded for s in m.up if _DATA.match(files.strip_comments(s))]


def squash_plan(config: Config, server: Server, folded: Sequence[Migration], schemas: list[str] | None):
    """The plan from an empty database to what ``folded`` produce, checked by replaying it.

    Both sides are read from real databases (catalog text on both), so they compare as they are.
    The baseline's up is then replayed on its own and must give exactly the same schema. Objects
    outside the model (policies, rules, ...) would be lost from the history: refused, named.
    """
    from ..inspect import inspect_database, unmanaged_objects
    from ..planner import build_plan
    from ..reading import excluded_schemas
    from . import runner
    from .replay import file_steps, replayed

    empty = replayed(config, server, [], schemas)
    with server.scratch() as url:
        runner.replay(url, file_steps(list(folded)))
        with connect(url) as conn:
            produced = inspect_database(conn, schemas, exclude_schemas=excluded_schemas(config))
            unmanaged = unmanaged_objects(conn, schemas, exclude_schemas=excluded_schemas(config))
    if unmanaged:
        raise ForgeError(
            "the migrations to fold create objects schemaforge does not manage, which a baseline could not carry "
            "over: " + ", ".join(unmanaged),
            hint="squash to an earlier version (before the migration that creates them), or create them again in "
                 "a migration after VERSION")
    plan = build_plan(empty, produced)
    again = replayed(config, server, [("the squashed baseline", list(plan.up_steps))], schemas)
    left = build_plan(again, produced)
    if not left.empty:
        raise ForgeError(
            "the squashed baseline would not give the schema the migrations give "
            f"({'; '.join(c.describe() for c in left.changes)}): nothing written",
            hint="this is a schemaforge bug; please report it with the migrations")
    return plan


def replace_folded(directory: Path, folded: Sequence[Migration], name: str, plan) -> Written:
    """Delete the folded files and write the baseline at the last one's version; rehash."""
    version = folded[-1].version
    folds = folds_of(folded)
    for m in folded:
        m.path.unlink()
    path = write(directory, version, name, plan.up_steps, plan.down_steps, folds)
    return Written(files.parse(path), tuple(folded))
