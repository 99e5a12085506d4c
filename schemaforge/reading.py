"""The target's side of a plan: which schemas it covers, and reading its catalog into a model,
also ahead of time while the YAML loads.

Apart from the planner so that a command can start the read before it imports the rest of the
pipeline (diff, render, order): the read's forked process then begins sooner, and nothing is
imported twice."""

from __future__ import annotations

import functools
from pathlib import Path

from . import catalog_cache
from .background import Pending
from .config import Config, cache_dir
from .database.session import connect
from .inspect import inspect_database
from .model import Database
from .roles import require_roles


def managed_schemas(config: Config, desired: Database) -> list[str] | None:
    """The PostgreSQL schemas a plan covers; ``None`` means every schema in the database.

    By default the plan sees the whole database (minus ``exclude_schemas`` and the history
    schema), so nothing the YAML stopped mentioning can hide from it: delete the last entity of
    schema ``billing`` and the plan drops its table (with consent, as every drop). A database
    shared with other applications declares its scope with ``managed_schemas`` or
    ``exclude_schemas``.
    """
    if config.managed_schemas:
        return sorted(set(config.managed_schemas) - {config.history_schema})
    return None


def excluded_schemas(config: Config) -> tuple[str, ...]:
    """Schemas no plan looks into: the history schema and those the settings exclude."""
    return tuple(sorted({config.history_schema, *config.exclude_schemas}))


def prefetch_target(config: Config, url: str, *, child: bool = True, remember: bool = False) -> Pending[Database]:
    """The target's model, read while the YAML loads and builds.

    Reading needs no YAML (the schemas in scope come from the settings, see
    :func:`managed_schemas`), so the catalog work and the YAML work overlap: in a second
    process under ``forge`` itself (``child``), else on a thread (see :mod:`schemaforge.background`),
    with a second connection since the read is then what the command waits for.
    ``plan_against`` takes the result; an error (an unreachable server) is raised there,
    after any error in the YAML, as before.
    ``remember``: the last read of the target is used again while its server has written
    nothing since, and this one is kept for the next (:mod:`schemaforge.catalog_cache`)."""
    from .background import start

    schemas = managed_schemas(config, None)
    if not remember:
        return start(functools.partial(inspect_target, second=not child), url, schemas, config, child=child)
    cache = cache_dir(config)
    return _Remembered(start(functools.partial(_stamped_read, second=not child), url, schemas, config, cache,
                             child=child), cache)


class _Remembered(Pending[Database]):
    """A stamped read's model; a new read (not a recalled one) is kept when the command ends."""

    def __init__(self, pending: Pending[tuple[Database, catalog_cache.Stamp | None]], cache: Path) -> None:
        self.pending, self.cache = pending, cache

    def result(self) -> Database:
        read, at = self.pending.result()
        catalog_cache.remember(self.cache, at, read)
        return read


def _stamped_read(url: str, schemas: list[str] | None, config: Config, cache: Path, *,
                  second: bool) -> tuple[Database, catalog_cache.Stamp | None]:
    """(the target's model, the stamp to keep it under) — the model recalled from ``cache``
    when the server stands where it stood at the last read (then no stamp: nothing to keep)."""
    with connect(url) as conn:
        at = catalog_cache.stamp(conn, url, schemas, excluded_schemas(config))
        if (known := catalog_cache.recall(cache, at)) is not None:
            return known, None
        probe: list = []
        read = _read(conn, url, schemas, config, second, None if at is None else probe)
        return read, at if at is not None and at.confirmed_by(probe) else None


def inspect_target(url: str, schemas: list[str], config: Config, desired: Database | None = None, *,
                   second: bool = True) -> Database:
    """The target's model; with ``desired``, first an error if the target's server lacks a role it grants to.

    ``second``: a second connection takes half of the catalog queries (:mod:`.inspect.helper`),
    worth it unless the machine's cores are busy with other work, as beside the YAML's processes."""
    with connect(url) as conn:
        if desired is not None:
            require_roles(conn, desired)
        return _read(conn, url, schemas, config, second)


def _read(conn, url: str, schemas: list[str] | None, config: Config, second: bool,
          probe: list | None = None) -> Database:
    return inspect_database(conn, schemas, exclude_schemas=excluded_schemas(config),
                            helper=(lambda: connect(url)) if second else None, probe=probe)
