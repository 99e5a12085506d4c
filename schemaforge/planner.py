"""The pipeline end to end: YAML + target database → ordered changes → up and down SQL."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass, replace

from . import changes as ch
from .config import Config
from .database.session import Server, connect, server_for
from .diff import diff
from .inspect import inspect_database
from .migrations.files import Step, flatten
from .model import Database, ForeignKey, QName
from .normalize import normalize, settle_current
from .order import labels_first, order, reverse
from .render import render_statements
from .typecast import CastCatalog, connection, scratch, settle


@dataclass(frozen=True)
class Plan:
    """What would change, and the migration that does it: ordered steps, up and down.

    The steps are the migration ``forge generate`` writes and ``forge apply`` runs, so what a
    reviewer reads in ``forge plan`` is what will run, transaction boundaries included. Down
    step ``i`` undoes up step ``n - 1 - i``.
    """

    changes: tuple[ch.Change, ...]  # in the order they run
    up_steps: tuple[Step, ...]
    down_steps: tuple[Step, ...]
    fingerprint: str  # of the current schema: a saved plan refuses a database that moved on

    @property
    def up(self) -> tuple[str, ...]:
        return tuple(flatten(self.up_steps))

    @property
    def down(self) -> tuple[str, ...]:
        return tuple(flatten(self.down_steps))

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


def build_plan(current: Database, desired: Database, casts: CastCatalog | None = None, *,
               read: Database | None = None, online: bool = True) -> Plan:
    """Diff two normalized models and render both directions, as steps.

    ``casts``: where to ask PostgreSQL what each column type change costs and whether it
    needs a ``USING`` (:mod:`schemaforge.typecast`); without it, type changes are taken as
    rewriting and lossy and get only the YAML's ``using:``.
    ``read``: the target as read, when ``current`` is it settled (:func:`settle_current`);
    the fingerprint is of what a later read of the unchanged target gives.
    ``online`` (every plan, migration and saved plan) builds indexes on existing tables
    ``CONCURRENTLY``, each in a step of its own; ``forge sync`` (development) asks for the
    plain form: new enum labels, then everything else in one transaction.
    """
    changes = diff(current, desired)
    if casts is not None:
        changes = settle(changes, current, desired, casts)
    changes = order(changes)
    if online:
        changes = online_form(changes, {t.qname for t in desired.tables if t.partition_by})
    groups = step_groups(changes)
    return Plan(
        changes=tuple(c for _, group in groups for c in group),
        up_steps=tuple(Step(tx, tuple(render_statements(group))) for tx, group in groups),
        down_steps=tuple(Step(tx, tuple(render_statements(reverse(group)))) for tx, group in reversed(groups)),
        fingerprint=fingerprint(read if read is not None else current),
    )


def online_form(changes: list[ch.Change], partitioned: set[QName]) -> list[ch.Change]:
    """Indexes on existing tables built ``CONCURRENTLY``, after everything else.

    ``CREATE INDEX CONCURRENTLY`` does not block writes but cannot run in a transaction.
    PostgreSQL cannot build an index on a partitioned table concurrently, and a unique index a
    new foreign key in the same plan references must exist before it: those stay inline.
    """
    referenced = {(c.constraint.ref_table, frozenset(c.constraint.ref_columns)) for c in changes
                  if isinstance(c, ch.AddConstraint) and isinstance(c.constraint, ForeignKey)}

    def concurrent(c: ch.Change) -> bool:
        if not isinstance(c, ch.CreateIndex) or c.new_table or c.table in partitioned:
            return False
        ix = c.index
        if ix.unique and ix.where is None and all(e.column is not None for e in ix.elements):
            return (c.table, frozenset(e.column for e in ix.elements)) not in referenced
        return True

    online = [replace(c, concurrently=True) for c in changes if concurrent(c)]
    return [c for c in changes if not concurrent(c)] + online


def step_groups(changes: list[ch.Change]) -> list[tuple[bool, list[ch.Change]]]:
    """(transaction, changes) per step: new enum labels, the rest, then each concurrent index.

    An enum label added by ``ALTER TYPE ... ADD VALUE`` cannot be used in the transaction that
    adds it, so the labels are committed in a step before the changes that may use them.
    """
    concurrent = [c for c in changes if getattr(c, "concurrently", False)]
    labels, rest = labels_first([c for c in changes if not getattr(c, "concurrently", False)])
    groups = [(True, g) for g in (labels, rest) if g]
    return groups + [(False, [c]) for c in concurrent]


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


def cache_dir(config: Config):
    """Where normalization results are kept between runs (git-ignored with .forge/)."""
    return config.root / ".forge" / "cache"


def normalizing_server(target_url: str, fallback: Callable[[], str] | None, config: Config | None = None) -> Server:
    """A scratch database on the target's own server when allowed, else the embedded one.

    With ``scratch_server = "embedded"`` in ``config``, never the target's server.
    """
    if config is not None and config.scratch_server == "embedded" and fallback is not None:
        return Server(fallback())
    server = server_for(target_url)
    if server.can_create_databases() or fallback is None:
        return server
    return Server(fallback())


def inspect_target(url: str, schemas: list[str], config: Config) -> Database:
    with connect(url) as conn:
        return inspect_database(conn, schemas, exclude_schemas=excluded_schemas(config))


def comparable(
    config: Config, server: Server, current: Database, desired: Database, schemas: list[str]
) -> Database:
    """``current`` ready to be diffed against the normalized ``desired``: what differs is
    settled on ``server`` like ``desired`` was (see :mod:`schemaforge.normalize`)."""
    return settle_current(current, desired, server, schemas, cache_dir=cache_dir(config))


def plan_against(
    config: Config, target_url: str, desired_yaml: Database, *, fallback: Callable[[], str] | None = None,
    online: bool = True,
) -> tuple[Plan, Database, Database]:
    """(plan, current, desired) for the target database and the YAML model; ``current`` is the
    target settled for comparison."""
    schemas = managed_schemas(config, desired_yaml)
    read = inspect_target(target_url, schemas, config)
    server = normalizing_server(target_url, fallback, config)
    desired = normalize(desired_yaml, server, schemas, cache_dir=cache_dir(config))
    current = comparable(config, server, read, desired, schemas)
    # types the target does not have yet (an extension this plan installs): a scratch database
    casts = CastCatalog(connection(target_url), scratch(server, desired, current))
    return build_plan(current, desired, casts, read=read, online=online), current, desired
