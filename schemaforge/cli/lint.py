"""``forge lint``: the hazards in pending migrations, one line each (see :mod:`schemaforge.lint`)."""

from __future__ import annotations

import os

from .context import Ctx, command


@command("lint", "Hazards in pending migrations: locks, table rewrites, data loss.",
         "forge lint\n  forge lint --env prod")
def lint_cmd(ctx: Ctx):
    from rich.markup import escape

    from ..database.session import connect
    from ..errors import ForgeError
    from ..lint import lint_migration
    from ..migrations import files, history
    from ..migrations.status import unapplied

    migrations = files.load_all(ctx.config.migrations_dir)
    target = ctx.resolve()
    if target.embedded:
        pending, scope = migrations, "all of them: no database given"
    else:
        with connect(target.url) as conn:
            applied = history.read(conn, ctx.config.history_schema)
        pending, scope = unapplied(migrations, applied), "pending"
    destructive = total = 0
    for mig in pending:
        rel = os.path.relpath(mig.path)
        for f in lint_migration(mig):
            total += 1
            destructive += f.destructive
            level = "[red]destructive[/]" if f.destructive else "[yellow]hazard[/]"
            ctx.ui.out.print(f"{escape(rel)}:{f.line}: {level} {f.rule}: {escape(f.message)}")
    if destructive:
        raise ForgeError(f"{destructive} destructive statement(s) in the migrations checked ({scope})",
                         hint="make sure the data loss is intended and reviewed")
    ctx.ui.out.print(f"[green]✓[/] {len(pending)} migration(s) checked ({scope}): {total} hazard(s), none destructive")
