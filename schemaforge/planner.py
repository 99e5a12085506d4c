"""The pipeline end to end: YAML + target database → ordered changes → up and down SQL."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass

from . import changes as ch
from .config import Config
from .db import Server, connect, server_for
from .diff import diff
from .inspect import inspect_database
from .model import Database
from .normalize import normalize
from .order import order, reverse
from .render import render_statements
from .typecast import CastCatalog, connection, scratch, settle


@dataclass(frozen=True)
class Plan:
    changes: tuple[ch.Change, ...]
    up: tuple[str, ...]
    down: tuple[str, ...]
    fingerprint: str  # of the current schema: a saved plan refuses a database that moved on

    @property
    def empty(self) -> bool:
        return not self.changes

    @property
    def hazards(self) -> list[tuple[ch.Change, ch.Hazard]]:
        return [(c, h) for c in self.changes for h in c.hazards()]

    @property
    def destructive(self) -> list[ch.Change]:
        return [c for c in self.changes if c.destructive]


def fingerprint(db: Database) -> str:
    """Identifies a schema state; inspection returns models in canonical order already."""
    return hashlib.sha256(pickle.dumps(db.sorted(), protocol=5)).hexdigest()[:16]


def build_plan(current: Database, desired: Database, casts: CastCatalog | None = None) -> Plan:
    """Diff two normalized models and render both directions.

    ``casts``: where to ask PostgreSQL what each column type change costs and whether it
    needs a ``USING`` (:mod:`schemaforge.typecast`); without it, type changes are taken as
    rewriting and lossy and get only the YAML's ``using:``.
    """
    changes = diff(current, desired)
    if casts is not None:
        changes = settle(changes, current, desired, casts)
    up = order(changes)
    return Plan(
        changes=tuple(up),
        up=tuple(render_statements(up)),
        down=tuple(render_statements(reverse(up))),
        fingerprint=fingerprint(current),
    )


def managed_schemas(config: Config, desired: Database) -> list[str]:
    """The PostgreSQL schemas the YAML owns: everything else in the database is left alone."""
    if config.managed_schemas:
        return sorted(set(config.managed_schemas))
    names = {config.default_schema, *(s.name for s in desired.schemas)}
    for coll in (desired.tables, desired.enums, desired.sequences, desired.views):
        names |= {o.schema for o in coll}
    return sorted(names - {config.history_schema})


def cache_dir(config: Config):
    """Where normalization results are kept between runs (git-ignored with .forge/)."""
    return config.root / ".forge" / "cache"


def normalizing_server(target_url: str, fallback: Callable[[], str] | None, *, embedded_only: bool = False) -> Server:
    """A scratch database on the target's own server when allowed, else the embedded one.

    ``embedded_only`` (the ``scratch_server = "embedded"`` setting) never uses the target's server.
    """
    if embedded_only and fallback is not None:
        return Server(fallback())
    server = server_for(target_url)
    if server.can_create_databases() or fallback is None:
        return server
    return Server(fallback())


def inspect_target(url: str, schemas: list[str], config: Config) -> Database:
    with connect(url) as conn:
        return inspect_database(conn, schemas, exclude_schemas=(config.history_schema,))


def plan_against(
    config: Config, target_url: str, desired_yaml: Database, *, fallback: Callable[[], str] | None = None
) -> tuple[Plan, Database, Database]:
    """(plan, current, desired) for the target database and the YAML model."""
    schemas = managed_schemas(config, desired_yaml)
    current = inspect_target(target_url, schemas, config)
    server = normalizing_server(target_url, fallback, embedded_only=config.scratch_server == "embedded")
    desired = normalize(desired_yaml, server, schemas, cache_dir=cache_dir(config))
    # types the target does not have yet (an extension this plan installs): a scratch database
    casts = CastCatalog(connection(target_url), scratch(server, desired, current))
    return build_plan(current, desired, casts), current, desired
