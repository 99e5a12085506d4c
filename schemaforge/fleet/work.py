"""What a fleet command does to one target: the same runner calls as for one database, with a
schema tenant's own settings, SQL and deploy lock (:mod:`.tenant`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from ..config import Config
from ..database.session import connect, redact
from ..errors import ForgeError
from ..migrations import history, runner
from ..migrations.events import Event, MigrationStarted, WaitingForLock
from ..migrations.files import Migration
from ..migrations.locking import LOCK_KEY, tenant_lock_key
from .targets import Target
from .tenant import retarget, schema_prelude, tenant_config

Note = Callable[[str], None]  # what a target is doing now, for the live table


@dataclass(frozen=True)
class Outcome:
    """What happened to one target."""

    state: str  # applied | up to date | pending | rolled back | nothing to roll back | clean | not clean | failed
    migrations: tuple[str, ...] = ()  # applied, pending or rolled back, in the order they ran (or would)
    detail: tuple[str, ...] = ()  # why not clean (and the drift), or the error with its hint
    counts: dict[str, int] = field(default_factory=dict)  # status only: migrations by state

    @property
    def failed(self) -> bool:
        return self.state == "failed"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"state": self.state, "migrations": list(self.migrations), "detail": list(self.detail)}
        if self.counts:
            out["counts"] = dict(self.counts)
        return out


class _Reporter:
    """The runner's events, reduced to what the live table shows."""

    def __init__(self, note: Note):
        self.note = note

    def event(self, e: Event) -> None:
        if isinstance(e, MigrationStarted):
            self.note(f"{'rolling back' if e.direction == 'down' else 'applying'} {e.label}")
        elif isinstance(e, WaitingForLock):
            self.note("waiting for the deploy lock")


@dataclass(frozen=True)
class Scope:
    """A target's settings, SQL and lock: a database's are the project's."""

    config: Config
    retarget: Callable[[Migration], Migration] | None
    lock_key: int


def scope(config: Config, target: Target) -> Scope:
    if target.schema is None:
        return Scope(config, None, LOCK_KEY)
    tenant, source, schema = tenant_config(config, target.schema), config.default_schema, target.schema
    return Scope(tenant, lambda m: retarget(m, source, schema), tenant_lock_key(tenant.history_schema))


def guarded(run: Callable[[], Outcome]) -> Outcome:
    """A target's error is its outcome (redacted), not the end of the fleet."""
    try:
        return run()
    except ForgeError as exc:
        hint = f"hint: {redact(exc.hint)}" if getattr(exc, "hint", None) else None
        return Outcome("failed", detail=tuple(x for x in (redact(exc.message), hint) if x))
    except psycopg.Error as exc:
        return Outcome("failed", detail=(redact(str(exc)).strip(),))


def _ensure_schema(target: Target) -> None:
    """A tenant's schema exists before its first migration (the one thing a fleet makes itself)."""
    assert target.schema is not None
    with connect(target.url, autocommit=True) as conn:
        if conn.execute("SELECT to_regnamespace(%s)", [sql.Identifier(target.schema).as_string(conn)]).fetchone()[0]:
            return
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(target.schema)))


def apply(config: Config, target: Target, note: Note, *, to: str | None = None, allow_missing: bool = False,
          dry_run: bool = False) -> Outcome:
    s = scope(config, target)

    def run() -> Outcome:
        if target.schema is not None and not dry_run:
            _ensure_schema(target)
        done = runner.apply(s.config, target.url, _Reporter(note), dry_run=dry_run, to=to,
                            allow_missing=allow_missing, retarget=s.retarget, lock_key=s.lock_key)
        names = tuple(m.filename for m in done)
        if dry_run:
            return Outcome("pending" if names else "up to date", names)
        return Outcome("applied" if names else "up to date", names)

    return guarded(run)


def rollback(config: Config, target: Target, note: Note, *, steps: int | None, to: str | None,
             allow_destructive: bool, fallback: Callable[[], str]) -> Outcome:
    from ..safety import require_consent_for_sql

    s = scope(config, target)

    def consent(stmts: list[str], what: str) -> None:
        require_consent_for_sql(s.config, target.url, stmts, allow=allow_destructive, what=what, fallback=fallback)

    def run() -> Outcome:
        done = runner.rollback(s.config, target.url, _Reporter(note), consent=consent, steps=steps, to=to,
                               lock_key=s.lock_key)
        names = tuple(u.label for u in done)
        return Outcome("rolled back" if names else "nothing to roll back", names)

    return guarded(run)


def status(config: Config, target: Target, note: Note, *, migrations: list[Migration], desired,
           fallback: Callable[[], str]) -> Outcome:
    """Where each migration stands on the target, and its drift from what they produce."""
    from ..migrations.drift import drift
    from ..migrations.status import Status, classify

    s = scope(config, target)

    def run() -> Outcome:
        h = s.config.history_schema
        with connect(target.url) as conn:
            applied, progress = history.read(conn, h), history.read_progress(conn, h)
        note("comparing with what its migrations produce")
        before = schema_prelude(target.schema) if target.schema is not None else ()
        st = Status(classify(migrations, applied, progress), [],
                    drift(s.config, target.url, desired, applied, progress, fallback, before))
        reasons = st.not_clean(pending_fails=True)
        pending = tuple(m.file or m.version for m in st.migrations if m.state in ("pending", "partial"))
        return Outcome("not clean" if reasons else "clean", pending,
                       tuple(reasons) + tuple(f"drift: {line}" for line in st.drift), st.counts)

    return guarded(run)
