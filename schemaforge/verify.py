"""``--verify``: a migration's up and down replayed on a scratch database before anyone runs it.

The scratch database is a new, throwaway database on the server normalization uses (the
target's own server when it may create databases, else the embedded one), never the target: it
is given the current schema (the target's model created from nothing, or the migrations
replayed), optionally a seed's sample rows (:mod:`schemaforge.seeds`), then:

1. the up steps run, each transactional one in a transaction, as ``forge apply`` runs them, and
   the plan from the result to the YAML must be empty: *up lands exactly on the YAML*;
2. the down steps run, and the schema read back must be the one read at the start: *down
   restores the starting schema*;
3. with a seed, every seeded row must still be there after each direction, on the columns its
   table kept.

The scratch database is dropped afterwards, whatever happened.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

import psycopg

from . import changes as ch
from .config import Config
from .database.session import Server, connect
from .errors import ForgeError
from .migrations.files import Step
from .migrations.messages import pg_message
from .model import Database
from .seeds import NO_RENAMES, Loss, Renames, Seed, losses, run_seed, snapshot

Builder = Callable[[str], None]  # gives the scratch database at this URL the current schema


@dataclass(frozen=True)
class Failure:
    """A statement PostgreSQL refused while a direction ran."""

    direction: str
    statement: str
    message: str


@dataclass(frozen=True)
class Report:
    """What verification found; ``None`` for a check that was not reached."""

    up: tuple[str, ...] | None  # what the plan would still change after up (empty: exact)
    down: tuple[str, ...] | None  # how the schema after down differs from the start (empty: exact)
    failure: Failure | None = None
    seeded: tuple[int, int] | None = None  # (rows, tables) when a seed was given
    losses: tuple[Loss, ...] = ()
    notes: tuple[str, ...] = ()  # what down cannot restore and no plan can see (a column's position)

    @property
    def ok(self) -> bool:
        return self.failure is None and self.up == () and self.down == () and not self.losses

    def lines(self) -> list[str]:
        """One line per check, ✓ or ✗, the differences indented below."""
        out: list[str] = []
        for direction, found, good, bad in (
            ("up", self.up, "✓ up lands exactly on the YAML",
             "✗ up does not land on the YAML; the plan would still change:"),
            ("down", self.down, "✓ down restores the starting schema",
             "✗ down does not restore the starting schema; it leaves:"),
        ):
            if self.failure is not None and self.failure.direction == direction:
                out.append(f"✗ {direction} fails on the scratch database: {self.failure.message}")
                out.append(f"  failing statement: {self.failure.statement}")
            elif found is not None:
                out.extend([good] if not found else [bad, *(f"  {line}" for line in found)])
                if direction == "down" and not found:
                    out.extend(f"! {note}" for note in self.notes)
        if self.seeded is not None and self.failure is None and self.down is not None:
            rows, tables = self.seeded
            if self.losses:
                for loss in self.losses:
                    out.extend(loss.lines())
            else:
                out.append(f"✓ {_count(rows, 'seeded row')} in {_count(tables, 'table')} survive up and down")
        return out

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "up": None if self.up is None else {"exact": not self.up, "differences": list(self.up)},
            "down": None if self.down is None else {"exact": not self.down, "differences": list(self.down),
                                                    "notes": list(self.notes)},
            "failure": None if self.failure is None else {
                "direction": self.failure.direction, "statement": self.failure.statement,
                "message": self.failure.message},
            "seed": None if self.seeded is None else {
                "rows": self.seeded[0], "tables": self.seeded[1], "losses": [x.to_json() for x in self.losses]},
            "lines": self.lines(),
        }


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


# --- the current schema -----------------------------------------------------------------------------


def from_model(current: Database) -> Builder:
    """The current schema as the model read from the target, created from nothing."""

    def build(url: str) -> None:
        from .normalize import materialize

        with connect(url) as conn:
            try:
                materialize(conn, current)
            except ForgeError as exc:
                raise ForgeError(
                    f"--verify cannot create the current schema on a scratch database: {exc.message}",
                    hint="the target holds something schemaforge does not manage (a function, say) that its "
                         "tables or views use; `forge check --verify` replays the migrations instead"
                         + (f"\n{exc.hint}" if exc.hint else ""),
                ) from None
            conn.commit()

    return build


def from_migrations(steps: Sequence[tuple[str, Sequence[Step]]]) -> Builder:
    """The current schema as (label, up steps) of migrations replayed in order."""

    def build(url: str) -> None:
        from .migrations import runner

        runner.replay(url, list(steps))

    return build


def normalized(config: Config, server: Server, desired_yaml: Database) -> tuple[Database, list[str] | None]:
    """The YAML model as the plan compares it, and the schemas it covers (cached: cheap again)."""
    from .config import cache_dir
    from .migrations.replay import schemas_of
    from .normalize import normalize

    schemas = schemas_of(config, desired_yaml)
    return normalize(desired_yaml, server, schemas, cache_dir=cache_dir(config)), schemas


# --- the run --------------------------------------------------------------------------------------


def verify(config: Config, server: Server, up_steps: Sequence[Step], down_steps: Sequence[Step], build: Builder,
           desired: Database, schemas: list[str] | None, seed: Seed | None = None,
           renames: Renames = NO_RENAMES) -> Report:
    """Replay ``up_steps`` then ``down_steps`` on a scratch database of ``server`` that ``build``
    gave the current schema; ``desired``: the normalized YAML model; ``renames``: where up moves
    seeded tables and columns (:func:`renames_of`)."""
    with server.scratch(prefix="forge_verify") as url:
        build(url)
        with connect(url, autocommit=True) as conn:
            if seed is not None:
                run_seed(conn, seed)
            return _run(config, server, conn, (tuple(up_steps), tuple(down_steps)), desired, schemas,
                        renames if seed is not None else None)


def renames_of(changes: Sequence[ch.Change]) -> Renames:
    """The tables and columns a plan's changes rename, from their names before up to after."""
    tables: dict[str, str] = {}  # name now -> original name
    columns: dict[tuple[str, str], str] = {}  # (original table, column now) -> original column
    for c in changes:
        if isinstance(c, ch.RenameTable):
            original = tables.pop(f"{c.schema}.{c.old_name}", f"{c.schema}.{c.old_name}")
            tables[f"{c.schema}.{c.new_name}"] = original
        elif isinstance(c, ch.RenameColumn):
            table = tables.get(str(c.table), str(c.table))
            columns[(table, c.new_name)] = columns.pop((table, c.old_name), c.old_name)
    return Renames(
        tables=tuple(sorted((orig, now) for now, orig in tables.items() if orig != now)),
        columns=tuple(sorted((t, orig, now) for (t, now), orig in columns.items() if orig != now)),
    )


def _run(config: Config, server: Server, conn: psycopg.Connection, steps: tuple[tuple[Step, ...], tuple[Step, ...]],
         desired: Database, schemas: list[str] | None, renames: Renames | None) -> Report:
    """``renames``: None without a seed (no rows to follow)."""
    up_steps, down_steps = steps
    seeded = renames is not None
    start = _inspect(config, conn, schemas)
    rows = snapshot(conn, start) if seeded else {}
    counts = (sum(len(r.rows) for r in rows.values()), len(rows)) if seeded else None
    failed = _steps(conn, "up", up_steps)
    if failed:
        return Report(None, None, failed, counts)
    after = _inspect(config, conn, schemas)
    up = _still_to_change(config, server, after, desired, schemas)
    lost = losses(conn, rows, start, after, "up", renames) if renames is not None else []
    failed = _steps(conn, "down", down_steps)
    if failed:
        return Report(up, None, failed, counts, tuple(lost))
    back = _inspect(config, conn, schemas)
    down, notes = _left_different(config, server, start, back, schemas)
    lost += losses(conn, rows, start, back, "down") if seeded else []
    return Report(up, down, None, counts, tuple(lost), notes)


def _inspect(config: Config, conn: psycopg.Connection, schemas: list[str] | None) -> Database:
    from .inspect import inspect_database
    from .reading import excluded_schemas

    return inspect_database(conn, schemas, exclude_schemas=excluded_schemas(config))


def _steps(conn: psycopg.Connection, direction: str, steps: tuple[Step, ...]) -> Failure | None:
    """Run steps as ``forge apply`` does; the first statement PostgreSQL refuses, if any."""
    for step in steps:
        stmt = ""
        try:
            with conn.transaction() if step.transaction else contextlib.nullcontext():
                for stmt in step.statements:
                    conn.execute(stmt, prepare=False)
        except psycopg.Error as exc:
            return Failure(direction, stmt, pg_message(exc))
    return None


def _still_to_change(config: Config, server: Server, after: Database, desired: Database,
                     schemas: list[str] | None) -> tuple[str, ...]:
    """What ``forge plan`` would still do after up: nothing when up lands exactly."""
    from .planner import build_plan, comparable

    settled = comparable(config, server, after, desired, schemas)
    return tuple(f"{c.symbol} {c.describe()}" for c in build_plan(settled, desired).changes)


def _left_different(config: Config, server: Server, start: Database, back: Database,
                    schemas: list[str] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """How ``back`` differs from ``start``: (differences, notes).

    Equal models are exact. Otherwise both are settled (text PostgreSQL rewrites on the way
    back in, as drift detection does) and diffed; what the diff cannot say is named object by
    object. A column that came back at the end of its table (PostgreSQL adds columns only
    there) is a note, not a difference: no plan can do better, and every plan and query that
    names its columns sees the same table.
    """
    from .planner import build_plan, comparable

    if back == start:
        return (), ()
    settled_back = comparable(config, server, back, start, schemas)
    settled_start = comparable(config, server, start, settled_back, schemas)
    if settled_back == settled_start:
        return (), ()
    found = tuple(f"{c.symbol} {c.describe()}" for c in build_plan(settled_start, settled_back).changes)
    if found:
        return found, ()
    differing = _objects_differing(settled_start, settled_back)
    moved = tuple(line for line in differing if "(column order " in line)
    if len(moved) == len(differing):
        return (), tuple(line[2:].replace(" differs from the starting schema (", ": down puts the column back at "
                                          "the end (", 1) for line in moved)
    return differing, ()


def _objects_differing(a: Database, b: Database) -> tuple[str, ...]:
    out: list[str] = []
    for f in fields(Database):
        left, right = getattr(a, f.name), getattr(b, f.name)
        if not isinstance(left, tuple):
            continue
        kind = f.name.rstrip("s").replace("_", " ")
        named_a = {_name(x): x for x in left}
        named_b = {_name(x): x for x in right}
        for name in sorted(set(named_a) | set(named_b)):
            x, y = named_a.get(name), named_b.get(name)
            if x is None:
                out.append(f"+ {kind} {name} (not in the starting schema)")
            elif y is None:
                out.append(f"- {kind} {name} (missing)")
            elif x != y:
                out.append(f"~ {kind} {name} differs from the starting schema{_how(x, y)}")
    return tuple(out)


def _name(obj) -> str:
    schema = getattr(obj, "schema", None)
    return f"{schema}.{obj.name}" if schema else obj.name


def _how(x, y) -> str:
    """Which fields of two versions of one object differ (column order named as such)."""
    cols_x, cols_y = getattr(x, "columns", None), getattr(y, "columns", None)
    if cols_x is not None and sorted(cols_x, key=repr) == sorted(cols_y, key=repr) and cols_x != cols_y:
        return f" (column order {', '.join(c.name for c in cols_x)} became {', '.join(c.name for c in cols_y)})"
    names = [f.name for f in fields(x) if f.compare and getattr(x, f.name) != getattr(y, f.name)]
    return f" ({', '.join(names)})" if names else ""


def to_verify(config: Config, server: Server, up_steps: Sequence[Step], down_steps: Sequence[Step],
              build: Builder, desired_yaml: Database, seed: Seed | None, renames: Renames = NO_RENAMES) -> Report:
    """:func:`verify` from the YAML model as loaded (normalized here, from the cache)."""
    desired, schemas = normalized(config, server, desired_yaml)
    return verify(config, server, up_steps, down_steps, build, desired, schemas, seed, renames)
