"""The commands that start or restart a migration history: ``baseline`` and ``squash``.

A thin shell over :mod:`schemaforge.migrations.baseline`: ``baseline`` checks the YAML against
the database, writes the first migration and records it as applied there without running it;
``squash`` folds the oldest migrations into one baseline, touching no database.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import click

from ..terminal import styled
from .context import Ctx, command, lock_wait_option


def _describe(changes) -> str:
    return "\n".join(f"  {c.symbol} {c.describe()}" for c in changes)


def _yaml_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml")) \
        if directory.is_dir() else []


def _has_yaml(directory: Path) -> bool:
    return bool(_yaml_files(directory))


def _refuse_beside(directory: Path, root: Path) -> None:
    """``--import`` replaces what an earlier import wrote; YAML written by hand would sit beside it."""
    from ..entities.roundtrip import written_by_import
    from ..errors import ForgeError

    theirs = [p for p in _yaml_files(directory) if not written_by_import(p)]
    if theirs:
        shown = theirs[0].relative_to(root) if theirs[0].is_relative_to(root) else theirs[0]
        raise ForgeError(f"{shown} was not written by forge import: --import would write the YAML beside it",
                         hint="baseline the YAML as it is (without --import), or move the schema directory away")


@command("baseline", "Adopt an existing database: write a first migration that creates its whole schema and "
                     "record it as applied there without running it, so the next `forge generate` holds only "
                     "new changes.", (
    "forge baseline\n  forge baseline --import\n  forge baseline adopt_legacy --env prod\n"
    "  forge sync && forge baseline   # start migrations from a database made with sync"
))
@click.argument("name", required=False, default="baseline")
@click.option("--import", "do_import", is_flag=True,
              help="Write the YAML from the database first (as `forge import` does, replacing only files an "
                   "earlier import wrote); the default when the schema directory holds no YAML.")
@lock_wait_option
def baseline_cmd(ctx: Ctx, name: str, do_import: bool, lock_wait: str | None):
    from ..database.session import connect
    from ..errors import ForgeError
    from ..inspect import unmanaged_objects
    from ..migrations import baseline, files, generate, manifest
    from ..planner import fingerprint, plan_against
    from ..reading import excluded_schemas, inspect_target, managed_schemas
    from .importing import import_into
    from .migrations import _scratch_server
    from .reporter import console_reporter

    ctx.use_lock_wait(lock_wait)
    config, mdir = ctx.config, ctx.config.migrations_dir
    url, _ = ctx.target(deploy=True)
    baseline.require_no_files(mdir)
    baseline.history_of(config, url)  # before any planning: the commonest refusal first
    if do_import or not _has_yaml(config.schema_dir):
        _refuse_beside(config.schema_dir, config.root)
        import_into(ctx, url, config.schema_dir, tuple(config.managed_schemas), force=True)
    desired_yaml = ctx.load_desired()
    with ctx.ui.working("baseline") as step:
        plan, _, _ = plan_against(config, url, desired_yaml, fallback=ctx.fallback(), progress=step)
    if not plan.empty:
        raise ForgeError(
            "the YAML and the database differ, so a baseline of the YAML would not describe the database:\n"
            + _describe(plan.changes),
            hint="make them agree first: edit the YAML to match the database (a YAML that forge import wrote is "
                 "written again from the database by `forge baseline --import`)")
    with ctx.ui.working("baseline") as step:
        step("planning the schema from an empty database")
        creation = baseline.creation_plan(config, _scratch_server(ctx), desired_yaml)
    if creation.empty:
        raise ForgeError("the database holds no schema objects: there is nothing to baseline",
                         hint="start the history with `forge generate NAME` as the YAML grows")
    schemas = managed_schemas(config, desired_yaml)
    with connect(url) as conn:
        left_out = unmanaged_objects(conn, schemas, exclude_schemas=excluded_schemas(config))

    def still() -> None:
        if fingerprint(inspect_target(url, schemas, config)) != plan.fingerprint:
            raise ForgeError("the database changed while forge baseline was planning: nothing recorded",
                             hint="run forge baseline again")

    sum_file = mdir / manifest.SUM_FILE
    before = sum_file.read_bytes() if sum_file.exists() else None
    with generate.folder_lock(mdir, ctx.ui.text), closing(console_reporter(ctx.ui)) as reporter:
        baseline.require_no_files(mdir)
        path = baseline.write(mdir, files.next_version(mdir), name, creation.up_steps, creation.down_steps)
        try:
            baseline.mark_applied(config, url, files.parse(path), reporter, still=still)
        except BaseException:  # nothing recorded: leave the folder as it was
            path.unlink()
            if before is None:
                sum_file.unlink(missing_ok=True)
            else:
                sum_file.write_bytes(before)
            raise
    for obj in left_out:
        ctx.ui.err.print(styled("[yellow]warning:[/] not in the baseline (schemaforge does not manage it; a fresh "
                                "database applying the baseline will not have it): {}", obj))
    ctx.ui.info("[green]✓[/] baseline of {} change(s), {} statement(s): recorded as applied on this database "
                "without running it", len(creation.changes), len(creation.up))
    ctx.ui.info("  next: `forge generate NAME` holds only new changes; a fresh database gets the schema with "
                "`forge apply`")
    ctx.ui.out.print(str(path), markup=False)


@command("squash", "Fold the migrations up to VERSION into one baseline migration at VERSION. Databases "
                   "that applied them are untouched and stay up to date; a fresh database applies the baseline.", (
    "forge squash --to 20250101120000\n  forge squash --to 20250101120000 --name baseline_2025"
))
@click.option("--to", "to", required=True, metavar="VERSION", help="The last migration to fold (its version).")
@click.option("--name", default="baseline", show_default=True, help="The baseline's file name part.")
@click.option("--drop-data-statements", is_flag=True,
              help="Squash even though the folded migrations write rows (INSERT, UPDATE, ...): a baseline holds "
                   "only schema, so a fresh database would not get those rows.")
def squash_cmd(ctx: Ctx, to: str, name: str, drop_data_statements: bool):
    from ..errors import ForgeError
    from ..migrations import baseline, files, generate, runner
    from ..model import Database
    from ..reading import managed_schemas
    from .migrations import _scratch_server

    mdir = ctx.config.migrations_dir
    state = generate.folder_state(mdir)
    runner.verify_manifest(mdir)
    folded = baseline.to_fold(files.load_all(mdir), to)
    data = baseline.data_statements(folded)
    if data and not drop_data_statements:
        raise ForgeError(
            "the migrations to fold write rows, which a baseline (schema only) would not carry over:\n"
            + "\n".join(f"  {line}" for line in data),
            hint="move those rows to a seed or a migration after VERSION, or pass --drop-data-statements")
    with ctx.ui.working("squashing") as step:
        step(f"replaying {len(folded)} migration(s) on a scratch database")
        plan = baseline.squash_plan(ctx.config, _scratch_server(ctx, explicit_only=True), folded,
                                    managed_schemas(ctx.config, Database()))
    with generate.folder_lock(mdir, ctx.ui.text):
        if generate.folder_state(mdir) != state:
            raise ForgeError(f"the migrations folder {mdir} changed while forge squash was planning: nothing written",
                             hint="run forge squash again")
        written = baseline.replace_folded(mdir, folded, name, plan)
    for line in data:
        ctx.ui.err.print(styled("[yellow]not carried over (data, not schema):[/] {}", line))
    ctx.ui.info("[green]✓[/] folded {} migration(s) into one baseline of {} statement(s); schemaforge.sum rehashed",
                len(folded), len(plan.up))
    ctx.ui.info("  databases that applied them stay up to date; a fresh database applies the baseline")
    ctx.ui.out.print(str(written.migration.path), markup=False)
