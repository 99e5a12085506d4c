"""Drift: how a database differs from what its applied migrations produce.

The history records the SQL each migration ran (and how far one that stopped part-way got), so
the expected schema is that SQL replayed on a scratch database; both sides are then settled the
same way and diffed like any plan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..config import Config
from ..model import Database
from . import history, runner
from .files import Step
from .replay import replayed, schemas_of


def drift(config: Config, url: str, desired: Database | None, applied: dict[str, history.Applied],
          progress: dict[str, history.Progress], fallback: Callable[[], str] | None,
          before: Sequence[tuple[str, Sequence[Step]]] = ()) -> list[str]:
    """One ``<symbol> <description>`` line per change from the expected schema to the database's;
    ``desired``: the YAML, when it loads, to know which schemas are managed; ``before``: what
    exists before the first migration runs (a schema tenant's own schema)."""
    from ..planner import build_plan, comparable, normalizing_server
    from ..reading import inspect_target

    schemas = schemas_of(config, desired)
    steps = [*before, *runner.in_effect(applied, progress)]
    server = normalizing_server(url, fallback, config)
    expected = replayed(config, server, steps, schemas)
    actual = inspect_target(url, schemas, config)
    # neither side is settled: settle what differs on both, then compare
    expected = comparable(config, server, expected, actual, schemas)
    actual = comparable(config, server, actual, expected, schemas)
    return [f"{c.symbol} {c.describe()}" for c in build_plan(expected, actual).changes]
