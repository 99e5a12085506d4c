"""``--fleet FILE`` for apply, rollback, status and plan: the same command on every target of a
fleet file (:mod:`schemaforge.fleet`), a live table on a terminal, plain lines elsewhere, a
summary or ``--format json`` (sorted by target, no timings) at the end. Exit 1 when a target
failed, was skipped, or (status) is not clean."""

from __future__ import annotations

import functools
import json
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..terminal import styled
from .context import Ctx

if TYPE_CHECKING:
    from ..fleet.run import Result
    from ..fleet.targets import Target


def fleet_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--fleet``, ``--parallel`` and ``--keep-going``."""

    @click.option("--fleet", "fleet_file", type=click.Path(dir_okay=False),
                  help="Run on every target of this fleet file (databases, schema tenants; see docs/fleet.md).")
    @click.option("--parallel", type=click.IntRange(min=1), default=4, show_default=True,
                  help="With --fleet: how many targets run at once.")
    @click.option("--keep-going", is_flag=True,
                  help="With --fleet: after a target fails, go on with the others (a failed canary still stops).")
    @functools.wraps(f)
    def wrapper(*args, **kw):
        return f(*args, **kw)

    return wrapper


def refuse_single(ctx: Ctx, fleet_file: str | None, fmt: str | None, parallel: int, keep_going: bool,
                  formats: tuple[str, ...] = ("text",)) -> None:
    """Fleet options without --fleet, or a target option with it, are mistakes."""
    from ..errors import ForgeError

    if fleet_file is None:
        if keep_going or parallel != 4:
            raise ForgeError("--parallel and --keep-going go with --fleet FILE")
        if fmt is not None and fmt not in formats:
            raise ForgeError(f"--format {fmt} goes with --fleet FILE here")
        return
    if ctx.database_url or ctx.env:
        raise ForgeError("--fleet names its own targets: drop --database-url / --env")


class _View:
    """Targets × state: a live table on a terminal (not with --quiet), else a line per finished target."""

    def __init__(self, ctx: Ctx, targets: list[Target], verb: str):
        self.ui, self.verb = ctx.ui, verb
        self.rows: dict[str, tuple[str, str]] = {t.name: ("waiting", "") for t in targets}
        self.order = [t.name for t in targets]
        self.lock = threading.Lock()
        self.live = None
        if self.ui.err.is_interactive and not self.ui.quiet:
            from rich.live import Live

            self.live = Live(self._table(), console=getattr(self.ui.err, "real", self.ui.err), refresh_per_second=8,
                             transient=True)

    def __enter__(self) -> _View:
        if self.live is not None:
            self.live.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.live is not None:
            self.live.stop()

    def _table(self):
        from rich.table import Table

        table = Table("target", "state", "detail")
        for name in self.order:
            state, detail = self.rows[name]
            table.add_row(styled("{}", name), styled("{}", _state(state)), styled("{}", detail))
        return table

    def changed(self, target: Target, state: str, detail: str) -> None:
        with self.lock:
            self.rows[target.name] = (state, detail)
            if self.live is not None:
                self.live.update(self._table())
            elif state not in ("running", "waiting"):
                self.ui.info("{} {}{}", _state(state), target.name, f": {detail}" if detail else "")


_STYLE = {"applied": "[green]{}[/]", "up to date": "[green]{}[/]", "clean": "[green]{}[/]",
          "rolled back": "[green]{}[/]", "pending": "[yellow]{}[/]", "running": "[cyan]{}[/]",
          "failed": "[red]{}[/]", "not clean": "[red]{}[/]", "skipped": "[yellow]{}[/]"}


def _state(state: str):
    """A state in its colour (a template of ours per state)."""
    return styled(_STYLE.get(state, "{}"), state)


def run_fleet(ctx: Ctx, fleet_file: str, verb: str, work, *, parallel: int, keep_going: bool, fmt: str,
              bad: tuple[str, ...] = ("failed", "skipped")) -> None:
    """Expand the fleet, run ``work`` on it, report, and exit 1 when a target's state is in ``bad``."""
    from ..fleet import file, run, targets

    fleet = file.load(Path(fleet_file))
    found = targets.expand(fleet, ctx.config)
    ctx.ui.info("{}: {} target(s) in {} group(s), {} at a time", verb, len(found), len(fleet.groups), parallel)
    if ctx.ui.verbose:
        for t in found:
            ctx.ui.text(f"  {t.name} ({t.group}): {t.shown}")
    started = time.monotonic()
    with _View(ctx, found, verb) as view:
        results = run.run(found, work, parallel=parallel, keep_going=keep_going, changed=view.changed)
    seconds = time.monotonic() - started
    ordered = sorted(results, key=lambda r: r.target.name)
    if fmt == "json":
        click.echo(json.dumps([r.to_json() for r in ordered], indent=2))
    else:
        _summary(ctx, ordered)
    counts: dict[str, int] = {}
    for r in ordered:
        counts[r.state] = counts.get(r.state, 0) + 1
    ctx.ui.info("{} in {} s: {}", verb, f"{seconds:.1f}", ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    if any(r.state in bad for r in results):
        sys.exit(1)


def _summary(ctx: Ctx, results: list[Result]) -> None:
    for r in results:
        o = r.outcome
        what = ", ".join(o.migrations) if o is not None and o.migrations else ""
        ctx.ui.result("{} {}{}", _state(r.state), r.target.name, f": {what}" if what else "")
        for line in (o.detail if o is not None else ()):
            ctx.ui.result("    {}", line)


# --- the commands -------------------------------------------------------------------------------


def apply(ctx: Ctx, fleet_file: str, *, to: str | None, allow_missing: bool, dry_run: bool, parallel: int,
          keep_going: bool, fmt: str, verb: str = "apply") -> None:
    from ..fleet import work
    from ..migrations import runner

    runner.verify_manifest(ctx.config.migrations_dir)  # once, before any target
    run_fleet(ctx, fleet_file, verb,
              lambda t, note: work.apply(ctx.config, t, note, to=to, allow_missing=allow_missing, dry_run=dry_run),
              parallel=parallel, keep_going=keep_going, fmt=fmt)


def rollback(ctx: Ctx, fleet_file: str, *, steps: int | None, to: str | None, allow_destructive: bool,
             parallel: int, keep_going: bool, fmt: str) -> None:
    from ..fleet import work

    fallback = ctx.fallback()
    run_fleet(ctx, fleet_file, "rollback",
              lambda t, note: work.rollback(ctx.config, t, note, steps=steps, to=to,
                                            allow_destructive=allow_destructive, fallback=fallback),
              parallel=parallel, keep_going=keep_going, fmt=fmt)


def status(ctx: Ctx, fleet_file: str, *, parallel: int, fmt: str, pending_fails: bool) -> None:
    from ..errors import ForgeError
    from ..fleet import work
    from ..migrations import files, manifest

    problems = [str(p) for p in manifest.verify(ctx.config.migrations_dir)]
    for p in problems:
        ctx.ui.text(f"manifest: {p}")
    migrations = files.load_all(ctx.config.migrations_dir)
    try:
        desired = ctx.load_desired()
    except ForgeError:
        desired = None
    fallback = ctx.fallback()

    def one(t, note):
        outcome = work.status(ctx.config, t, note, migrations=migrations, desired=desired, fallback=fallback)
        if outcome.state == "not clean" and not pending_fails and all(
                d.endswith("pending migration(s)") for d in outcome.detail):
            return work.Outcome("pending", outcome.migrations, outcome.detail, outcome.counts)
        return outcome

    run_fleet(ctx, fleet_file, "status", one, parallel=parallel, keep_going=True, fmt=fmt,
              bad=("failed", "not clean"))
    if problems:
        sys.exit(1)
