"""The migration commands: generate, apply, rollback, status, check, rehash.

Each command is a thin shell over ``schemaforge.migrations``; what needs a database says which
one it uses. ``check`` and ``generate --from-migrations`` never touch the target: they replay the
migrations directory on a scratch database.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..terminal import printable, styled
from .context import Ctx, command, lock_wait_option
from .fleet import fleet_options, refuse_single
from .preflighting import apply_gate, preflight_options
from .verifying import print_report, seed_for, verify_options

if TYPE_CHECKING:
    from ..database.session import Server
    from ..migrations.status import Status
    from ..seeds import Seed


def _scratch_server(ctx: Ctx, *, explicit_only: bool = False) -> Server:
    """Where throwaway databases go; ``explicit_only``: a configured target counts only when
    given by option or DATABASE_URL."""
    from ..migrations.replay import scratch_server

    given = ctx.database_url or ctx.env or os.environ.get("DATABASE_URL")
    target = ctx.resolve() if given or not explicit_only else None
    return scratch_server(ctx.config, target, ctx.fallback())


def _describe(changes) -> str:
    return "\n".join(f"  {c.symbol} {c.describe()}" for c in changes)


# --- generate -----------------------------------------------------------------------------------


@command("generate", "Write a new migration (up and down) for what the YAML changes.", (
    "forge generate add_users\n  forge generate add_users --from-migrations\n"
    "  forge generate drop_legacy --allow-destructive\n  forge generate backfill_emails --empty\n"
    "  forge generate add_users --verify --seed seed.sql"
))
@click.argument("name")
@click.option("--allow-destructive", is_flag=True, help="Allow drops and narrowing type changes in the migration.")
@click.option("--from-migrations", is_flag=True,
              help="Diff against the replayed migrations directory (scratch database), not the target database.")
@click.option("--empty", is_flag=True, help="Write a template with empty up and down sections to fill in by hand.")
@verify_options
def generate_cmd(ctx: Ctx, name: str, allow_destructive: bool, from_migrations: bool, empty: bool, verify: bool,
                 seed_file: str | None):
    from ..migrations import generate, runner

    seed = seed_for(verify, seed_file)
    if verify and empty:
        from ..errors import ForgeError

        raise ForgeError("--verify has nothing to replay in an --empty migration",
                         hint="fill in the file, then `forge check --verify` replays the latest migration")
    if empty:
        with generate.folder_lock(ctx.config.migrations_dir, ctx.ui.text):  # one writer per folder at a time
            runner.verify_manifest(ctx.config.migrations_dir)
            ctx.ui.out.print(str(generate.write_empty(ctx.config.migrations_dir, name)), markup=False)
        return
    _generate(ctx, name, allow_destructive, from_migrations, (verify, seed))


def _generate(ctx: Ctx, name: str, allow_destructive: bool, from_migrations: bool,
              verifying: tuple[bool, Seed | None] = (False, None)) -> None:
    """Plan, ask consent and verify without a lock; take the folder lock only to re-check and write."""
    from ..migrations import files, generate, runner
    from ..migrations.replay import plan_from_migrations

    mdir = ctx.config.migrations_dir
    state = generate.folder_state(mdir)  # what the plan is made from; checked again before writing
    runner.verify_manifest(mdir)
    prefetched, desired_yaml = (None, ctx.load_desired()) if from_migrations else ctx.read_ahead()
    migrations = files.load_all(mdir)
    url = None  # the database the plan is against, where the data at risk can be counted
    if from_migrations:
        plan = plan_from_migrations(ctx.config, _scratch_server(ctx), migrations, desired_yaml)
    else:
        url, _ = ctx.target()
        with ctx.ui.working("planning") as step:
            plan = generate.plan_against_target(ctx.config, url, desired_yaml, migrations, ctx.fallback(), step,
                                                prefetched=prefetched)
    if plan.empty:
        ctx.ui.result("no changes: the migrations already produce the schema; nothing written")
        return
    generate.consent(plan, allow_destructive=allow_destructive, url=url)
    if verifying[0]:
        _verify_new_migration(ctx, plan, desired_yaml, migrations, url, verifying[1])
    current = None
    if url is not None:
        from ..planner import fingerprint
        from ..reading import inspect_target, managed_schemas

        schemas = managed_schemas(ctx.config, desired_yaml)
        current = lambda: fingerprint(inspect_target(url, schemas, ctx.config))  # noqa: E731
    with generate.folder_lock(mdir, ctx.ui.text):  # one writer per folder at a time
        path = generate.write_checked(mdir, name, plan, state, current)
    steps = plan.up_steps
    ctx.ui.info("[green]✓[/] {} change(s), {} statement(s){}", len(plan.changes), len(plan.up),
                f" in {len(steps)} steps" if len(steps) > 1 else "")
    if any(not s.transaction for s in steps):
        ctx.ui.info("  indexes on existing tables are built CONCURRENTLY, each in a step without a transaction")
    ctx.ui.out.print(str(path), markup=False)


def _verify_new_migration(ctx: Ctx, plan, desired_yaml, migrations, url: str | None, seed: Seed | None) -> None:
    """The new migration's up and down on a scratch database holding the schema it is planned
    against (the target's, or the migrations replayed); exit 1 before writing it if they miss."""
    from ..migrations.replay import file_steps, schemas_of
    from ..verify import from_migrations, from_model, renames_of, to_verify

    if url is None:
        server, build = _scratch_server(ctx), from_migrations(file_steps(migrations))
    else:
        from ..planner import normalizing_server
        from ..reading import inspect_target

        server = normalizing_server(url, ctx.fallback(), ctx.config)
        build = from_model(inspect_target(url, schemas_of(ctx.config, desired_yaml), ctx.config))
    report = to_verify(ctx.config, server, plan.up_steps, plan.down_steps, build, desired_yaml, seed,
                       renames_of(plan.changes))
    print_report(ctx.ui.err, report)  # stdout holds only the new file's path
    if not report.ok:
        ctx.ui.err.print("verification failed: no migration written", markup=False)
        sys.exit(1)


# --- apply / rollback ---------------------------------------------------------------------------


@command("apply", "Run pending migrations in order under an advisory lock, recording each one; a migration "
                  "that stopped part-way is resumed at the step where it stopped.", (
    "forge apply\n  forge apply --dry-run\n  forge apply --to 20250101120000\n"
    "  forge apply --env prod\n  forge plan --out plan.json && forge apply plan.json\n"
    "  forge apply --fleet fleet.yaml --parallel 8 --keep-going"
))
@click.argument("planfile", required=False, type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Print the SQL that would run and change nothing.")
@click.option("--to", "to", metavar="VERSION", help="Stop after this version.")
@click.option("--allow-missing", is_flag=True,
              help="Apply even though an applied migration's file is missing from the directory.")
@click.option("--allow-destructive", is_flag=True,
              help="With PLANFILE: allow the plan's drops and narrowing type changes. (A migration file got "
                   "that consent when `forge generate` wrote it.)")
@lock_wait_option
@preflight_options
@fleet_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default=None, help="With --fleet: json for machines.")
def apply_cmd(ctx: Ctx, planfile: str | None, dry_run: bool, to: str | None, allow_missing: bool,
              allow_destructive: bool, lock_wait: str | None, skip_preflight: bool, preflight_timeout: float,
              fleet_file: str | None, parallel: int, keep_going: bool, fmt: str | None):
    from ..errors import ForgeError
    from ..migrations import files, runner

    ctx.use_lock_wait(lock_wait)
    refuse_single(ctx, fleet_file, fmt, parallel, keep_going)
    if fleet_file is not None:
        if planfile:
            raise ForgeError("a saved plan is made against one database: --fleet applies migrations only")
        from . import fleet

        fleet.apply(ctx, fleet_file, to=to, allow_missing=allow_missing, dry_run=dry_run, parallel=parallel,
                    keep_going=keep_going, fmt=fmt or "text")
        return
    if allow_destructive and not planfile:
        raise ForgeError("--allow-destructive applies to a saved plan (`forge apply PLANFILE`) only",
                         hint="migration files are checked for destructive changes when `forge generate` writes them")
    url, _ = ctx.target(deploy=True)
    if planfile:
        from .. import planfile as pf
        from ..reading import managed_schemas

        path = Path(planfile)
        doc = pf.load(path)
        schemas = managed_schemas(ctx.config, ctx.load_desired())
        if dry_run:
            for stmt in doc.get("up", []):
                ctx.ui.out.print(printable(f"{stmt};", newlines=True), markup=False)
            return
        from ..planner import fingerprint
        from ..reading import inspect_target
        from ..safety import require_consent_for_sql
        from .reporter import console_reporter

        fallback = ctx.fallback()
        plan = runner.SavedPlan(path.name, files.h1(path.read_bytes()), doc.get("fingerprint"),
                                tuple(pf.steps(doc, "up", path.name)), tuple(pf.steps(doc, "down", path.name)))
        with closing(console_reporter(ctx.ui)) as reporter:
            n, version = runner.apply_plan_file(
                ctx.config, url, plan, reporter,
                current_fingerprint=lambda: fingerprint(inspect_target(url, schemas, ctx.config)),
                consent=lambda stmts, what: require_consent_for_sql(ctx.config, url, stmts, allow=allow_destructive,
                                                                    what=what, fallback=fallback),
                preflight=apply_gate(ctx, url, skip_preflight, preflight_timeout))
        if version is None:
            ctx.ui.result("[green]✓[/] nothing to apply: the plan is empty")
        else:
            ctx.ui.result("[green]✓[/] plan applied: {} statement(s), recorded in the history as version {}", n, version)
        return
    from .reporter import console_reporter

    with closing(console_reporter(ctx.ui)) as reporter:
        done = runner.apply(ctx.config, url, reporter, dry_run=dry_run, to=to, allow_missing=allow_missing,
                            preflight=apply_gate(ctx, url, skip_preflight, preflight_timeout))
    if dry_run:
        ctx.ui.info("dry run: {} migration(s) would be applied; nothing was changed", len(done))
    elif done:
        ctx.ui.result("[green]✓[/] applied {} migration(s)", len(done))
    else:
        ctx.ui.result("[green]✓[/] nothing to apply: the database is up to date")


@command("rollback", "Undo the latest applied migrations by running their recorded down SQL.", (
    "forge rollback\n  forge rollback --steps 3\n  forge rollback --to 20250101120000\n  forge rollback --dry-run\n"
    "  forge rollback --allow-destructive\n  forge rollback --fleet fleet.yaml --parallel 8"
))
@click.option("--steps", type=int, default=None,
              help="How many migrations to roll back (default 1); a migration counts once, however many steps it holds.")
@click.option("--to", "to", metavar="VERSION", help="Roll back everything applied after VERSION (0: everything).")
@click.option("--dry-run", is_flag=True, help="Print the SQL that would run and change nothing.")
@click.option("--allow-destructive", is_flag=True,
              help="Run downs that drop tables, columns, sequences or materialized views, or narrow column types.")
@click.option("--include-baseline", is_flag=True,
              help="Roll back a baseline (its down drops the whole schema) or a migration a squash folded into one.")
@lock_wait_option
@fleet_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default=None, help="With --fleet: json for machines.")
def rollback_cmd(ctx: Ctx, steps: int | None, to: str | None, dry_run: bool, allow_destructive: bool,
                 include_baseline: bool, lock_wait: str | None, fleet_file: str | None, parallel: int,
                 keep_going: bool, fmt: str | None):
    from ..errors import ForgeError
    from ..migrations import runner

    ctx.use_lock_wait(lock_wait)
    if steps is not None and to is not None:
        raise ForgeError("give either --steps or --to, not both")
    refuse_single(ctx, fleet_file, fmt, parallel, keep_going)
    if fleet_file is not None:
        if dry_run:
            raise ForgeError("--dry-run with --fleet is not supported: run `forge rollback --dry-run` per target")
        from . import fleet

        fleet.rollback(ctx, fleet_file, steps=steps, to=to, allow_destructive=allow_destructive, parallel=parallel,
                       keep_going=keep_going, fmt=fmt or "text")
        return
    url, _ = ctx.target(deploy=True)
    from ..safety import require_consent_for_sql
    from .reporter import console_reporter

    fallback = ctx.fallback()
    with closing(console_reporter(ctx.ui)) as reporter:
        done = runner.rollback(
            ctx.config, url, reporter, steps=steps, to=to, dry_run=dry_run, include_baseline=include_baseline,
            consent=lambda stmts, what: require_consent_for_sql(ctx.config, url, stmts, allow=allow_destructive,
                                                                what=what, fallback=fallback))
    if dry_run:
        ctx.ui.info("dry run: {} migration(s) would be rolled back; nothing was changed", len(done))
    elif done:
        ctx.ui.result("[green]✓[/] rolled back {} migration(s)", len(done))
    else:
        ctx.ui.result("nothing to roll back")


# --- status -------------------------------------------------------------------------------------


@command("status", "Applied, pending, modified and missing migrations, and drift of the database.\n\n"
                   "Exit code: 0 when clean; 1 on drift, modified or missing migration files or manifest problems "
                   "(and on pending migrations with --exit-code).",
         "forge status\n  forge status --format json --env prod\n  forge status --fleet fleet.yaml --parallel 8")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--exit-code", "pending_fails", is_flag=True, help="Exit 1 when migrations are pending, too.")
@fleet_options
def status_cmd(ctx: Ctx, fmt: str, pending_fails: bool, fleet_file: str | None, parallel: int, keep_going: bool):
    refuse_single(ctx, fleet_file, None, parallel, keep_going)
    if fleet_file is not None:
        from . import fleet

        fleet.status(ctx, fleet_file, parallel=parallel, fmt=fmt, pending_fails=pending_fails)
        return
    from ..database.session import connect
    from ..errors import ForgeError
    from ..migrations import files, history, manifest
    from ..migrations.drift import drift
    from ..migrations.status import Status, classify

    url, _ = ctx.target()
    schema = ctx.config.history_schema
    with connect(url) as conn:
        applied, progress = history.read(conn, schema), history.read_progress(conn, schema)
    rows = classify(files.load_all(ctx.config.migrations_dir), applied, progress)
    problems = [str(p) for p in manifest.verify(ctx.config.migrations_dir)]
    try:
        desired = ctx.load_desired()
    except ForgeError:
        desired = None
    status = Status(rows, problems, drift(ctx.config, url, desired, applied, progress, ctx.fallback()))
    if fmt == "json":
        click.echo(json.dumps(status.to_json(), indent=2))
    else:
        _print_status(ctx, status)
    not_clean = status.not_clean(pending_fails=pending_fails)
    if not_clean:
        ctx.ui.err.print(styled("[red]✗[/] not clean: {}", ", ".join(not_clean)))
        sys.exit(1)


_STATE = {"applied": "[green]{}[/]", "pending": "[yellow]{}[/]", "partial": "[magenta]{}[/]", "modified": "[red]{}[/]",
          "missing": "[red]{}[/]", "folded": "[green]{}[/]"}


_KIND = {"plan": "{} [dim](saved plan)[/]", "baseline": "{} [dim](baseline)[/]"}


def _print_status(ctx: Ctx, status: Status) -> None:
    from rich.table import Table

    table = Table("version", "name", "state", "applied at", "time")
    for r in status.migrations:
        table.add_row(styled("{}", r.version),
                      styled(_KIND.get(r.kind, "{}"), r.name),
                      styled(_STATE[r.state], r.state),
                      styled("{}", (r.applied_at or "")[:19].replace("T", " ")),
                      styled("{} ms", r.execution_ms) if r.execution_ms is not None else "")
    ui = ctx.ui
    if status.migrations:
        ui.out.print(table, markup=False)  # its cells are styled Text already
    else:
        ui.result("no migrations yet: `forge generate NAME` writes the first one")
    for r in status.migrations:
        if r.note and r.state != "folded":  # the table says folded; which baseline is in --format json
            ui.result("[magenta]{}_{}:[/] {}", r.version, r.name, r.note)
    for p in status.manifest_problems:
        ui.result("[red]manifest:[/] {}", p)
    if status.drift:
        ui.result("[red]drift:[/] the database differs from what its applied migrations produce:")
        for line in status.drift:
            ui.result("  {}", line)
    else:
        ui.result("[green]in sync:[/] the database matches its applied migrations")


# --- check / rehash -----------------------------------------------------------------------------


@command("check", "CI guard: the manifest is intact and the migrations capture every YAML change.",
         "forge check\n  DATABASE_URL=postgresql://localhost/postgres forge check\n"
         "  forge check --verify --seed seed.sql\n  forge check --base origin/main")
@click.option("--base", "base", metavar="REF",
              help="Also fail when this branch's new migrations and those added on the git revision REF since the "
                   "merge base touch the same objects, or would run out of order after the merge.")
@verify_options
def check_cmd(ctx: Ctx, base: str | None, verify: bool, seed_file: str | None):
    from ..errors import ForgeError
    from ..migrations import files, runner
    from ..migrations.replay import plan_from_migrations

    seed = seed_for(verify, seed_file)
    revs = None
    if base is not None:
        from .revisions import base_revision

        revs = base_revision(ctx, base)  # a bad REF fails before anything is replayed
    runner.verify_manifest(ctx.config.migrations_dir)
    migrations = files.load_all(ctx.config.migrations_dir)
    desired_yaml = ctx.load_desired()
    server = _scratch_server(ctx, explicit_only=True)
    with ctx.ui.working("checking") as step:
        step(f"replaying {len(migrations)} migration(s) on a scratch database")
        plan = plan_from_migrations(ctx.config, server, migrations, desired_yaml, casts=False)
    if not plan.empty:
        raise ForgeError(
            "the YAML has changes no migration captures: run `forge generate <name>`\n" + _describe(plan.changes),
            hint="generate a migration for them and commit it with the YAML",
        )
    ctx.ui.result("[green]✓[/] {} migration(s) match schemaforge.sum and capture the schema", len(migrations))
    if revs is not None:
        from .revisions import check_base

        check_base(ctx, revs, server)
    if verify:
        _verify_latest(ctx, server, migrations, desired_yaml, seed)


def _verify_latest(ctx: Ctx, server: Server, migrations, desired_yaml, seed: Seed | None) -> None:
    """The latest migration's up and down on a scratch database holding what the ones before it
    produce (a seed's rows inserted there); exit 1 if either direction misses."""
    from ..migrations.replay import file_steps
    from ..verify import from_migrations, to_verify

    if not migrations:
        ctx.ui.result("nothing to verify: there are no migrations")
        return
    latest = migrations[-1]
    ctx.ui.text(f"verifying {latest.filename} on what the migrations before it produce")
    report = to_verify(ctx.config, server, latest.up_steps, latest.down_steps,
                       from_migrations(file_steps(migrations[:-1])), desired_yaml, seed)
    print_report(ctx.ui.out, report)
    if not report.ok:
        sys.exit(1)


@command("rehash", "Recompute schemaforge.sum after a deliberate edit of a migration file.", "forge rehash")
def rehash_cmd(ctx: Ctx):
    from ..errors import ForgeError
    from ..migrations import files, manifest

    mdir = ctx.config.migrations_dir
    if not mdir.is_dir():
        raise ForgeError(f"migrations directory {mdir} does not exist", hint="run `forge init` or pass --migrations")
    files.load_all(mdir)  # refuse to bless files that do not parse
    path = manifest.write(mdir)
    ctx.ui.result("[green]✓[/] {} updated ({} file(s))", path, len(manifest.entries(mdir)))
