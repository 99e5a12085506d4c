"""``forge sync``: TypeORM's synchronize — the database straight to the YAML, no files.

Runs the plan in its plain (not online) form: new enum labels committed first, then everything
else in one transaction that, before committing, reads the database back and checks it now
equals the desired model: a sync that would leave a false diff is rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .config import Config
from .database.session import StatementFailed, connect, execute_script
from .database.targets import Target
from .errors import ForgeError
from .inspect import inspect_database
from .migrations import history
from .model import Database
from .planner import (
    Plan,
    build_plan,
    comparable,
    normalizing_server,
    plan_against,
)
from .reading import excluded_schemas, managed_schemas
from .safety import require_consent

if TYPE_CHECKING:
    from .background import Pending


def sync(
    config: Config, url: str, target: Target, desired_yaml: Database, *,
    allow_destructive: bool = False, force: bool = False, dry_run: bool = False, fallback=None,
    progress: Callable[[str], None] | None = None, prefetched: Pending[Database] | None = None,
) -> Plan:
    """``prefetched``: the target's model, read while the YAML loaded (see
    :func:`schemaforge.reading.prefetch_target`)."""
    if target.production and not force:
        raise ForgeError(
            f"refusing to sync {target.source}: it is marked production: true",
            hint="production changes go through `forge generate` and `forge apply`; --force overrides",
        )
    plan, _, desired = plan_against(config, url, desired_yaml, fallback=fallback, online=False, progress=progress,
                                    prefetched=prefetched)
    if plan.empty or dry_run:
        return plan
    require_consent(plan.changes, allow=allow_destructive, what="sync", url=url)
    with connect(url) as conn:
        if not force and (history.read(conn, config.history_schema)
                          or history.read_progress(conn, config.history_schema)):
            raise ForgeError(
                "refusing to sync a database that has migration history: sync would bypass it",
                hint="use `forge generate` and `forge apply`, or --force to sync anyway",
            )
        *first, last = plan.up_steps  # every step of the plain form runs in a transaction
        for step in first:  # new enum labels: committed on their own, so the rest may use them
            execute_script(conn, list(step.statements))
            conn.commit()
        rest = list(last.statements)
        conn.execute("SELECT set_config('lock_timeout', %s, true)", [config.lock_timeout])
        try:
            execute_script(conn, rest)
        except StatementFailed as failed:
            conn.rollback()
            diag = getattr(failed.error, "diag", None)
            raise ForgeError(
                f"sync failed, nothing was changed: {(diag.message_primary if diag else None) or failed.error}",
                hint=f"statement:\n{failed.statement}",
            ) from None
        schemas = managed_schemas(config, desired_yaml)
        after = inspect_database(conn, schemas, exclude_schemas=excluded_schemas(config))
        server = normalizing_server(url, fallback, config)
        after = comparable(config, server, after, desired, schemas)
        leftover = build_plan(after, desired)
        if not leftover.empty:
            conn.rollback()
            raise ForgeError(
                "sync rolled back: the database would still differ from the schema afterwards "
                f"({'; '.join(c.describe() for c in leftover.changes)})",
                hint="this is a schemaforge bug; please report it with the YAML",
            )
        conn.commit()
    return plan
