"""``forge lint``: catalogue hazards in pending migrations or given SQL files (see :mod:`schemaforge.lint`)."""

from __future__ import annotations

from pathlib import Path

import click

from .context import Ctx, command


@command("lint", "Hazards in pending migrations or given SQL files: data loss, locks, scans, rewrites.\n\n"
         "Each finding has a code of the hazard catalogue (docs/hazards.md; plans' hazards carry the same codes), a level and a fix. Accept one deliberately "
         "with `-- forge:lint-ignore CODE reason` on the line before the statement or at its end.\n\n"
         "Exit code: 1 when an error-level finding (data loss, or a statement that fails on existing data) "
         "is not accepted; warnings exit 0.",
         "forge lint\n  forge lint --env prod\n  forge lint migrations/20250101120000_backfill.sql\n"
         "  forge lint --format github")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text: a line per finding; json: [{file, line, code, level, message, fix}]; "
                   "github: workflow annotations.")
def lint_cmd(ctx: Ctx, paths: tuple[Path, ...], fmt: str):
    from ..errors import ForgeError
    from ..lint import from_migration, from_path, lint_source
    from ..lint.report import github_line, text_line, to_json

    if paths:
        sources, scope, what = [from_path(p) for p in paths], "given", "file(s)"
    else:
        pending, scope = _pending(ctx)
        sources, what = [from_migration(m) for m in pending], "migration(s)"
    findings, accepted = [], 0
    for source in sources:
        left, ok = lint_source(source)
        findings += left
        accepted += len(ok)
    errors = sum(f.level == "error" for f in findings)
    if fmt == "json":
        click.echo(to_json(findings))
    elif fmt == "github":
        for f in findings:
            click.echo(github_line(f))
    else:
        for f in findings:
            ctx.ui.result("[red]{}[/]" if f.level == "error" else "[yellow]{}[/]", text_line(f))
    if errors:
        raise ForgeError(f"{errors} error-level finding(s) in the {what} checked ({scope})",
                         hint="fix them (see the fix with --format json), or accept one deliberately with "
                              "`-- forge:lint-ignore CODE reason`")
    if fmt == "text":
        extra = f", {accepted} accepted by lint-ignore" if accepted else ""
        ctx.ui.result("[green]✓[/] {} {} checked ({}): {} hazard(s), no error{}", len(sources), what, scope,
                      len(findings), extra)


def _pending(ctx: Ctx):
    """(migrations to lint, how they were chosen): the unapplied ones, or all without a database."""
    from ..database.session import connect
    from ..migrations import files, history
    from ..migrations.status import unapplied

    migrations = files.load_all(ctx.config.migrations_dir)
    target = ctx.resolve()
    if target.embedded:
        return migrations, "all of them: no database given"
    with connect(target.url) as conn:
        applied = history.read(conn, ctx.config.history_schema)
    return unapplied(migrations, applied), "pending"
