"""The ``--skip-preflight`` / ``--preflight-timeout`` options of ``plan`` and ``apply``, wired
to :mod:`schemaforge.preflight`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from .context import Ctx


def preflight_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--skip-preflight`` and ``--preflight-timeout SECONDS``."""
    f = click.option("--preflight-timeout", type=click.FloatRange(min=0.001), default=5.0, show_default=True,
                     metavar="SECONDS", help="statement_timeout of each pre-flight data check; a check that runs "
                                             "out of time is reported and does not stop anything.")(f)
    return click.option("--skip-preflight", is_flag=True,
                        help="Do not check the data (NULLs, duplicates, orphans, values that do not fit) before "
                             "the risky statements.")(f)


def with_findings(ctx: Ctx, url: str, plan, skip: bool, timeout: float):
    """``plan`` with what the checks found in the target's data (unchanged when skipped or empty)."""
    from dataclasses import replace

    from ..preflight import for_plan

    if skip or plan.empty:
        return plan
    with ctx.ui.working("pre-flight checks"):
        return replace(plan, preflight=for_plan(url, plan.changes, plan.up, timeout_ms=int(timeout * 1000)))


def apply_gate(ctx: Ctx, url: str, skip: bool, timeout: float):
    """The runner's pre-flight hook, or None with ``--skip-preflight``."""
    from ..preflight import gate

    if skip:
        return None

    def notice(label: str, f) -> None:
        ctx.ui.info("[yellow]?[/] {}: {}", label, f.message())

    return gate(url, timeout_ms=int(timeout * 1000), notice=notice)
