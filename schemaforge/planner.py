"""The pipeline end to end: YAML + target database → ordered changes → up and down SQL."""

from __future__ import annotations

import functools
import hashlib
import io
import operator
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from . import changes as ch
from .config import Config, cache_dir
from .database.session import Server, connect, server_for
from .diff import diff
from .errors import ValidationFailed
from .located import SchemaRejected
from .migrations.files import Step, flatten
from .model import Check, Database, ForeignKey, PrimaryKey, QName, Same, Unique
from .naming import default_not_null_name
from .normalize import normalize, settle_current
from .normalized_memo import memo_key, recall, remember
from .order import edges, labels_first, order, reverse
from .preflight.findings import Preflight
from .reading import inspect_target, managed_schemas
from .render import render_statements
from .roles import require_roles, roles_used
from .server_features import pg18_uses, require_server
from .typecast import CastCatalog, connection, scratch, settle

if TYPE_CHECKING:
    from .background import Pending
    from .entities import ModelKey


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
    # the current schema as read: its fingerprint is computed when asked for (JSON, saved
    # plans, migrations), not for every text plan (pickling 1,000 tables takes a tenth of a second)
    read: Database = field(repr=False, compare=False)
    # what the pre-flight checks found in the target's data (None: not checked, as offline)
    preflight: Preflight | None = None

    @functools.cached_property
    def fingerprint(self) -> str:
        """Of the current schema: a saved plan refuses a database that moved on."""
        return fingerprint(self.read)

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
    """Identifies a schema state: of the model's values only.

    The pickle is written without its memo (``fast``): a plain pickle spells a second use of
    the same object as a reference to the first, so two equal models whose strings are shared
    differently (one read here, one that came from another process, see
    :mod:`schemaforge.background`) would give two fingerprints, and a saved plan would refuse
    the database it was made against. Models hold no cycles, which fast mode cannot write."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(db.sorted())
    return hashlib.sha256(buffer.getbuffer()).hexdigest()[:16]


def build_plan(current: Database, desired: Database, casts: CastCatalog | None = None, *,
               read: Database | None = None, online: bool = True,
               same: Callable[[object, object], bool] = operator.eq) -> Plan:
    """Diff two normalized models and render both directions, as steps.

    ``casts``: where to ask PostgreSQL what each column type change costs and whether it
    needs a ``USING`` (:mod:`schemaforge.typecast`); without it, type changes are taken as
    rewriting and lossy and get only the YAML's ``using:``.
    ``read``: the target as read, when ``current`` is it settled (:func:`settle_current`);
    the fingerprint is of what a later read of the unchanged target gives.
    ``online`` (every plan, migration and saved plan) is the lock-safe form of changes to
    existing tables (:func:`online_steps`); ``forge sync`` (development) asks for the plain
    form: new enum labels, then everything else in one transaction (:func:`plain_steps`).
    ``same``: the tables' equality, as :func:`comparable` was given it.
    """
    changes = diff(current, desired, same)
    if casts is not None:
        changes = settle(changes, current, desired, casts)
    changes = order(changes)
    groups = online_steps(changes, current, desired) if online else plain_steps(changes)
    return Plan(
        changes=tuple(c for _, group in groups for c in group),
        up_steps=tuple(Step(tx, tuple(render_statements(group))) for tx, group in groups),
        down_steps=tuple(Step(tx, tuple(render_statements(reverse(group)))) for tx, group in reversed(groups)),
        read=read if read is not None else current,
    )


# The phases of the online form, in the order their steps run.
LABELS, MAIN, VALIDATE, NOT_NULL, CONCURRENT = range(5)


def plain_steps(changes: list[ch.Change]) -> list[tuple[bool, list[ch.Change]]]:
    """What ``forge sync`` runs: new enum labels committed first, then everything else in one
    transaction, each constraint checked and each index built under its ALTER's lock."""
    labels, rest = labels_first(changes)
    return [(True, g) for g in (labels, rest) if g]


def online_steps(changes: list[ch.Change], current: Database, desired: Database) -> list[tuple[bool, list[ch.Change]]]:
    """(transaction, changes) per step of the lock-safe form of changes to existing tables.

    1. new enum labels (a label cannot be used in the transaction that adds it);
    2. everything else, with checks and foreign keys added ``NOT VALID`` and a helper check
       ``(column IS NOT NULL) NOT VALID`` for each ``SET NOT NULL``: brief locks, no scans;
    3. ``VALIDATE CONSTRAINT`` for each of them, in a transaction of its own: the scans run
       under SHARE UPDATE EXCLUSIVE, which lets writes go on;
    4. ``SET NOT NULL`` (no scan: the validated check proves it) and the helpers dropped;
    5. each index, and each unique or primary key's index, built ``CONCURRENTLY`` in a step of
       its own without a transaction (a key then attached ``USING INDEX``).

    A change that must follow a later-phase change (a NOT NULL rename after its SET NOT NULL)
    moves with it; a concurrent build something earlier needs (the unique key a new foreign
    key references) stays inline, in its plain form.
    """
    partitioned = {t.qname for t in desired.tables if t.partition_by}
    taken = _TakenNames((current, desired))
    placed = [p for c in changes for p in _online(c, partitioned, taken)]
    phases = _settle([phase for phase, _ in placed], [c for _, c in placed])
    flat = [_inline(c) if p0 == CONCURRENT and phase != CONCURRENT else c
            for (p0, c), phase in zip(placed, phases, strict=True)]
    by_phase: dict[int, list[ch.Change]] = {}
    for phase, c in zip(phases, flat, strict=True):
        by_phase.setdefault(phase, []).append(c)
    labels, main = labels_first(by_phase.get(MAIN, []))
    groups = [(True, g) for g in (labels, main, by_phase.get(VALIDATE, []), by_phase.get(NOT_NULL, [])) if g]
    return groups + [(False, [c]) for c in by_phase.get(CONCURRENT, [])]


def _online(c: ch.Change, partitioned: set[QName], taken: _TakenNames) -> list[tuple[int, ch.Change]]:
    """One change as (phase, change) pieces of the online form."""
    if isinstance(c, ch.CreateIndex) and not c.new_table and c.table not in partitioned:
        return [(CONCURRENT, replace(c, concurrently=True))]
    if isinstance(c, ch.AddConstraint) and not c.new_table and not c.partitioned and c.table not in partitioned:
        con = c.constraint
        if isinstance(con, (ForeignKey, Check)) and con.valid and con.enforced:  # NOT VALID/ENFORCED stays so
            what = "foreign key" if isinstance(con, ForeignKey) else "check"
            return [(MAIN, replace(c, online="not_valid")), (VALIDATE, ch.ValidateConstraint(c.table, con.name, what))]
        if isinstance(con, (PrimaryKey, Unique)) and not con.without_overlaps:  # a temporal key's
            return [(CONCURRENT, replace(c, online="using_index"))]  # GiST index cannot be attached
    if (isinstance(c, ch.AlterColumn) and c.old.nullable and not c.new.nullable and c.new.not_null_valid
            and c.table not in partitioned):
        o, n = c.old, c.new
        names = taken.of(c.table)
        check = ch.not_null_check_name(c.table, n.name, frozenset(names))
        names.add(check)
        rest = replace(n, nullable=True, not_null_name=o.not_null_name)
        out = [(MAIN, replace(c, new=rest))] if rest != o else []
        return out + [(MAIN, ch.AddNotNullCheck(c.table, n.name, check)),
                      (VALIDATE, ch.ValidateConstraint(c.table, check, "not-null check")),
                      (NOT_NULL, ch.SetNotNull(c.table, n.name, check))]
    return [(MAIN, c)]


def _inline(c: ch.Change) -> ch.Change:
    """The plain form of a change the online form would have built concurrently."""
    if isinstance(c, ch.CreateIndex):
        return replace(c, concurrently=False)
    return replace(c, online="") if isinstance(c, ch.AddConstraint) else c


def _settle(phases: list[int], changes: list[ch.Change]) -> list[int]:
    """Phases such that every dependency edge runs forwards: a successor of a later-phase
    change moves to its phase; a concurrent build with a successor before it goes inline."""
    phases = list(phases)
    pairs = edges(changes)
    moved = True
    while moved:
        moved = False
        for a, b in pairs:
            if phases[b] >= phases[a]:
                continue
            if phases[a] == CONCURRENT:
                phases[a] = MAIN
            else:
                phases[b] = phases[a]
            moved = True
    return phases


class _TakenNames:
    """Each table's constraint names in any of ``dbs``, which helper checks must not take;
    worked out for the tables that get one (SET NOT NULL), not for all 1,000 of a plan."""

    def __init__(self, dbs: tuple[Database, ...]) -> None:
        self.dbs = dbs
        self.names: dict[QName, set[str]] = {}
        self.tables: dict[QName, list] | None = None

    def of(self, table: QName) -> set[str]:
        if table not in self.names:
            if self.tables is None:
                self.tables = {}
                for db in self.dbs:
                    for t in db.tables:
                        self.tables.setdefault(t.qname, []).append(t)
            names = self.names[table] = set()
            for t in self.tables.get(table, []):
                cons = [*t.uniques, *t.checks, *t.foreign_keys, *t.exclusions, *([t.primary_key] if t.primary_key else [])]
                names.update(x.name for x in cons)
                names.update(default_not_null_name(t.name, c.name) if c.not_null_name is None else c.not_null_name
                             for c in t.columns)
        return self.names[table]


def normalizing_server(target_url: str, fallback: Callable[[], str] | None, config: Config | None = None) -> Server:
    """A scratch database on the target's own server when allowed, else the embedded one.

    With ``scratch_server = "embedded"`` in ``config``, never the target's server.
    """
    if fallback is None:  # nowhere else to go
        return server_for(target_url)
    own = own_scratch_server(target_url, config)
    return own if own is not None else Server(fallback())


def own_scratch_server(target_url: str, config: Config | None = None) -> Server | None:
    """The target's own server when it may (``scratch_server``) and can (CREATEDB) hold the
    scratch database, else None: :func:`normalizing_server` then starts the embedded one."""
    if config is not None and config.scratch_server == "embedded":
        return None
    server = server_for(target_url)
    return server if server.can_create_databases() else None


def comparable(
    config: Config, server: Server, current: Database, desired: Database, schemas: list[str],
    same: Callable[[object, object], bool] = operator.eq,
) -> Database:
    """``current`` ready to be diffed against the normalized ``desired``: what differs is
    settled on ``server`` like ``desired`` was (see :mod:`schemaforge.normalize`)."""
    return settle_current(current, desired, server, schemas, cache_dir=cache_dir(config), same=same)


def normalize_desired(config: Config, server: Server, desired_yaml: Database, schemas: list[str] | None, *,
                      schema_dir=None) -> Database:
    """The YAML model normalized on ``server``; what PostgreSQL refuses in it is reported at the
    YAML fragments, every one of them (``file:line:col``), as ``forge validate`` reports.
    ``schema_dir``: where that YAML was read (default: the project's schema directory)."""
    try:
        return normalize(desired_yaml, server, schemas, cache_dir=cache_dir(config))
    except SchemaRejected as exc:
        from .entities.positions import locate  # the failure path only: reads the YAML again

        raise locate(exc, schema_dir or config.schema_dir, config.default_schema) from None


def plan_between(config: Config, server: Server, base_yaml: Database, desired_yaml: Database, base_dir,
                 progress: Callable[[str], None] | None = None) -> tuple[Plan, Database, Database]:
    """(plan, current, desired) from the YAML of another revision (read from ``base_dir``) to
    the working tree's: both normalized on ``server``, no target database involved. The base
    side drops its rename hints: they described how it was reached, not where to go next."""
    from .normalize import without_hints

    say = progress or (lambda _phase: None)
    schemas = managed_schemas(config, desired_yaml)
    require_server(desired_yaml, server.version(), "the scratch server")
    say(f"normalizing the base revision's YAML ({len(base_yaml.tables)} tables)")
    current = without_hints(normalize_desired(config, server, base_yaml, schemas, schema_dir=base_dir))
    say(f"normalizing the YAML ({len(desired_yaml.tables)} tables)")
    desired = normalize_desired(config, server, desired_yaml, schemas)
    say("comparing")
    return build_plan(current, desired, CastCatalog(scratch(server, desired, current))), current, desired


def _normalized(config: Config, server: Server, desired_yaml: Database, schemas: list[str] | None, target_url: str,
                say: Callable[[str], None], model_key: ModelKey | None) -> Database:
    """``desired_yaml`` normalized, or as the last plan of the same YAML normalized it on a
    server of the same version (``model_key``: see :mod:`schemaforge.normalized_memo`)."""
    key = memo_key(model_key, server.version(), schemas)
    if (known := recall(cache_dir(config), key)) is not None:
        return known
    say(f"normalizing the YAML ({len(desired_yaml.tables)} tables) in a scratch database")
    try:
        desired = normalize_desired(config, server, desired_yaml, schemas)
    except ValidationFailed as failed:  # a function the YAML calls may be the target's, unmanaged
        from .unmanaged_calls import explain_unmanaged

        raise explain_unmanaged(failed, target_url) from None
    remember(cache_dir(config), key, model_key, desired)
    return desired


def plan_against(
    config: Config, target_url: str, desired_yaml: Database, *, fallback: Callable[[], str] | None = None,
    online: bool = True, progress: Callable[[str], None] | None = None, prefetched: Pending[Database] | None = None,
    model_key: ModelKey | None = None,
) -> tuple[Plan, Database, Database]:
    """(plan, current, desired) for the target database and the YAML model; ``current`` is the
    target settled for comparison. ``progress`` hears each phase (a spinner on a terminal);
    ``prefetched``: the target's model from :func:`prefetch_target`, read meanwhile;
    ``model_key``: what ``desired_yaml`` was loaded from (:meth:`~schemaforge.entities.Loading.model_key`),
    for its normalized form to be remembered and recalled."""
    say = progress or (lambda _phase: None)
    schemas = managed_schemas(config, desired_yaml)
    desired = server = None
    if (prefetched is not None and not roles_used(desired_yaml) and not any(pg18_uses(desired_yaml))
            and (server := own_scratch_server(target_url, config)) is not None):
        # nothing in the YAML asks for the target's version or roles, and no embedded server to
        # start for it: normalized while the read ahead finishes (a warm plan's reading thread
        # waits on the server meanwhile); an unreachable target is still said first, below
        desired = _normalized(config, server, desired_yaml, schemas, target_url, say, model_key)
    say("reading the database")
    if prefetched is None:
        read = inspect_target(target_url, schemas, config, desired_yaml)
    else:
        read = prefetched.result()
        if roles_used(desired_yaml):
            with connect(target_url) as conn:
                require_roles(conn, desired_yaml)
    require_server(desired_yaml, read.server_version)
    if desired is None:
        server = normalizing_server(target_url, fallback, config)
        desired = _normalized(config, server, desired_yaml, schemas, target_url, say, model_key)
    say("settling the database's SQL text")
    same = Same()  # each table pair is compared once, here and in the diff
    current = comparable(config, server, read, desired, schemas, same)
    say("comparing")
    # types the target does not have yet (an extension this plan installs): a scratch database
    casts = CastCatalog(connection(target_url), scratch(server, desired, current))
    return build_plan(current, desired, casts, read=read, online=online, same=same), current, desired
