"""The schema commands: init, validate, plan, sync (no migration files involved)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .context import Ctx, command
from .fleet import fleet_options, refuse_single
from .preflighting import preflight_options, with_findings
from .verifying import print_report, seed_for, verify_options

# the part of the YAML's own checks a plan's child takes (schemaforge.entities.perfile): more
# than half, as this process imports the planner before it comes to its share
PLAN_SHARE = 0.6


@command("validate", "Check the YAML: syntax, JSON Schema and meaning. Needs no database.",
         "forge validate\n  forge validate --schema db/entities")
def validate_cmd(ctx: Ctx):
    db = ctx.load_desired(cache=False, alone=True)  # read-only: writes nothing into the project
    ctx.ui.info("[green]✓[/] {}/ is valid: {} tables, {} enums, {} views", ctx.config.schema_dir.name,
                len(db.tables), len(db.enums), len(db.views))


@command("plan", "Show what would change to bring the database to the YAML.", (
    "forge plan\n  forge plan --format json\n  forge plan --format sql | psql \"$DATABASE_URL\"\n"
    "  forge plan --format markdown > plan.md\n  forge plan --format github\n"
    "  forge plan --detailed-exitcode --env prod\n"
    "  forge plan --verify --seed seed.sql\n  forge plan --base origin/main --format markdown\n"
    "  forge plan --fleet fleet.yaml --format json"
))
@click.option("--base", "base", metavar="REF",
              help="Plan from the YAML at REF (a git revision such as origin/main, or a directory) to the working "
                   "tree's, on a scratch database: no target database is read.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sql", "markdown", "github"]), default="text",
              show_default=True, help="markdown: a pull-request comment (docs/review.md); github: a workflow "
                                      "annotation per hazard, at the YAML that caused it.")
@click.option("--down", is_flag=True, help="With --format sql: print the down script instead.")
@click.option("--detailed-exitcode", is_flag=True, help="Exit 2 when there are changes, 0 when none.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), help="Also save the plan to FILE for `forge apply FILE`.")
@verify_options
@preflight_options
@fleet_options
def plan_cmd(ctx: Ctx, base: str | None, fmt: str, down: bool, detailed_exitcode: bool, out_file: str | None,
             verify: bool, seed_file: str | None, skip_preflight: bool, preflight_timeout: float,
             fleet_file: str | None, parallel: int, keep_going: bool):
    refuse_single(ctx, fleet_file, None, parallel, keep_going)
    if fleet_file is not None:
        _plan_fleet(ctx, fleet_file, fmt, parallel, keep_going, (down, detailed_exitcode, out_file, verify, base))
        return
    # the YAML's own checks start now, then the target's read (its imports, psycopg and the
    # catalog queries, are made once, here, before the fork); the rest of the pipeline is
    # imported while both run
    loading = ctx.start_loading(child_share=PLAN_SHARE) if base is None else None
    prefetched = ctx.start_reading(loading, remember=True) if loading is not None else None
    from .. import output, planfile
    from ..planner import plan_against

    seed = seed_for(verify, seed_file)
    nothing = output.NOTHING if base is None else f"the YAML at {base} gives the working tree's schema."
    if base is not None:  # no database: nothing to check the data of
        from .revisions import plan_base

        plan, current, desired_model, desired, server = plan_base(ctx, base, out_file)
        report = _verify_on(ctx, server, plan, current, desired_model, desired, seed) if verify else None
    else:
        desired = loading.result()
        url, _ = ctx.target()
        with ctx.ui.working("planning") as step:
            plan, current, desired_model = plan_against(ctx.config, url, desired, fallback=ctx.fallback(),
                                                        progress=step, prefetched=prefetched,
                                                        model_key=loading.model_key())
        plan = with_findings(ctx, url, plan, skip_preflight, preflight_timeout)
        report = _verify_plan(ctx, url, plan, current, desired_model, desired, seed) if verify else None
    if out_file and (report is None or report.ok):
        planfile.save(Path(out_file), plan)
        ctx.ui.info("plan saved to {}", out_file)
    if fmt == "json":
        if report is None:
            click.echo(output.to_json(plan))
        else:
            click.echo(json.dumps({**json.loads(output.to_json(plan)), "verify": report.to_json()}, indent=2))
    elif fmt == "sql":
        click.echo(output.psql_script(plan.down_steps if down else plan.up_steps), nl=False)
    elif fmt == "markdown":
        from ..review import to_markdown

        click.echo(to_markdown(plan, nothing=nothing), nl=False)
    elif fmt == "github":
        from ..annotations import plan_annotations
        from ..entities.sources import read_sources

        sources = read_sources(ctx.config.schema_dir, ctx.config.default_schema)
        for line in plan_annotations(plan, sources):
            click.echo(line)
    else:
        output.print_text(plan, ctx.ui.out, nothing=nothing)
    if report is not None:
        if fmt == "text":
            ctx.ui.out.print()
            print_report(ctx.ui.out, report)
        elif fmt != "json":  # stdout holds the script or the document
            print_report(ctx.ui.err, report)
        if not report.ok:
            if out_file:
                ctx.ui.err.print(f"plan not saved to {out_file}: verification failed", markup=False)
            sys.exit(1)
    if detailed_exitcode and not plan.empty:
        sys.exit(2)


def _plan_fleet(ctx: Ctx, fleet_file: str, fmt: str, parallel: int, keep_going: bool, single: tuple) -> None:
    """A fleet's plan: the migrations `forge apply --fleet` would run on each target."""
    from ..errors import ForgeError
    from . import fleet

    if any(single) or fmt not in ("text", "json"):
        raise ForgeError("with --fleet, plan shows the pending migrations of each target: it takes --format text or "
                         "json, and no --down, --detailed-exitcode, --out, --verify or --base")
    fleet.apply(ctx, fleet_file, to=None, allow_missing=False, dry_run=True, parallel=parallel,
                keep_going=keep_going, fmt=fmt, verb="plan")


def _verify_plan(ctx: Ctx, url: str, plan, current, desired_model, desired_yaml, seed):
    """Up and down of ``plan`` on a scratch database given the target's schema (never the target)."""
    from ..planner import normalizing_server

    return _verify_on(ctx, normalizing_server(url, ctx.fallback(), ctx.config), plan, current, desired_model,
                      desired_yaml, seed)


def _verify_on(ctx: Ctx, server, plan, current, desired_model, desired_yaml, seed):
    """Up and down of ``plan`` on a scratch database of ``server`` given ``current``."""
    from ..reading import managed_schemas
    from ..verify import from_model, renames_of, verify

    return verify(ctx.config, server, plan.up_steps, plan.down_steps, from_model(current), desired_model,
                  managed_schemas(ctx.config, desired_yaml), seed, renames_of(plan.changes))


@command("sync", "Development mode: bring the database straight to the YAML (no migration files).",
         "forge sync\n  forge sync --allow-destructive")
@click.option("--allow-destructive", is_flag=True, help="Allow drops and narrowing type changes.")
@click.option("--force", is_flag=True, help="Sync even a production environment or a database with migration history.")
@click.option("--dry-run", is_flag=True, help="Print the SQL and change nothing.")
def sync_cmd(ctx: Ctx, allow_destructive: bool, force: bool, dry_run: bool):
    loading = ctx.start_loading(child_share=PLAN_SHARE)  # as a plan: see plan_cmd
    prefetched = ctx.start_reading(loading)
    from .. import output
    from ..sync import sync

    desired = loading.result()
    url, target = ctx.target()
    with ctx.ui.working("syncing") as step:
        plan = sync(
            ctx.config, url, target, desired,
            allow_destructive=allow_destructive, force=force, dry_run=dry_run, fallback=ctx.fallback(),
            progress=step, prefetched=prefetched,
        )
    if plan.empty:
        ctx.ui.result("[green]✓[/] {}", output.summary_line(plan))
        return
    output.print_text(plan, ctx.ui.out, show_sql=dry_run or ctx.ui.verbose)
    if dry_run:
        ctx.ui.result("[yellow]dry run: nothing was changed[/]")
    else:
        ctx.ui.result("[green]✓[/] synced: {} statement(s) applied", len(plan.up))


@command("init", "Scaffold a project: schema/ with an example entity, migrations/, config, .gitignore.",
         "forge init\n  forge init --dir myproject")
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=".", show_default=True)
def init_cmd(ctx: Ctx, directory: str):
    from ..scaffold import init_project

    steps = init_project(Path(directory))
    for action, what in steps:
        if action == "note":
            continue
        ctx.ui.result(INIT_ACTIONS[action], what)
    ctx.ui.result("")
    for action, what in steps:
        if action == "note":
            ctx.ui.result("{}", what)


INIT_ACTIONS = {"create": "[green]  create[/]  {}", "exists": "  exists  {}", "update": "[yellow]  update[/]  {}"}
