"""The ``forge`` command: a thin layer of click over the pipeline.

Results go to stdout, messages and progress to stderr, so ``forge plan --format sql | psql``
works. User mistakes end in a readable message and exit code 1, never a traceback.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console

from . import __version__
from .config import Config, is_interactive, load_config
from .database.session import redact
from .database.targets import Target, embedded_server_url, embedded_url, resolve_target
from .errors import ForgeError, ValidationFailed

EXAMPLES = {
    "init": "forge init\n  forge init --dir myproject",
    "validate": "forge validate\n  forge validate --schema db/entities",
    "plan": (
        "forge plan\n  forge plan --format json\n  forge plan --format sql | psql \"$DATABASE_URL\"\n"
        "  forge plan --format markdown > plan.md\n  forge plan --detailed-exitcode --env prod"
    ),
    "sync": "forge sync\n  forge sync --allow-destructive",
}


@dataclass
class UI:
    out: Console  # results
    err: Console  # messages, progress
    quiet: bool = False
    verbose: bool = False

    def info(self, msg: str) -> None:
        if not self.quiet:
            self.err.print(msg)


def make_ui(no_color: bool, quiet: bool, verbose: bool) -> UI:
    nc = no_color or bool(os.environ.get("NO_COLOR"))
    return UI(
        out=Console(no_color=nc, highlight=False, soft_wrap=True),
        err=Console(stderr=True, no_color=nc, highlight=False, soft_wrap=True),
        quiet=quiet,
        verbose=verbose,
    )


@dataclass
class Ctx:
    """What every command gets: settings, the chosen database and the output consoles."""

    config: Config
    ui: UI
    database_url: str | None
    env: str | None

    def target(self, *, deploy: bool = False) -> tuple[str, Target]:
        """The database URL to work on; ``deploy`` commands never fall back silently."""
        t = resolve_target(self.config, database_url=self.database_url, env=self.env)
        if t.embedded:
            if deploy and not is_interactive():
                raise ForgeError(
                    "no database given, and this looks like a deploy (CI is set or stdin is not a terminal): "
                    "refusing to fall back to the embedded development database",
                    hint="pass --database-url, set DATABASE_URL, or choose an environment with --env",
                )
            return embedded_url(self.config, announce=self.ui.info), t
        if self.ui.verbose:
            self.ui.info(f"database: {redact(t.url)} (from {t.source})")
        return t.url, t

    def fallback(self):
        """The embedded server, for normalizing when the target forbids scratch databases."""
        return lambda: embedded_server_url(self.config, announce=self.ui.info)

    def load_desired(self):
        from .entities import load_schema

        if not self.config.schema_dir.is_dir():
            raise ForgeError(
                f"schema directory {self.config.schema_dir} does not exist",
                hint="run `forge init`, or point --schema at your YAML directory",
            )
        from .planner import cache_dir

        return load_schema(self.config.schema_dir, self.config.default_schema, cache_dir=cache_dir(self.config))


def common_options(f):
    """Options every command accepts after its name (SPEC §4)."""

    @click.option("--schema", "schema_dir", type=click.Path(file_okay=False), help="Directory of YAML entity files.")
    @click.option("--migrations", "migrations_dir", type=click.Path(file_okay=False), help="Migrations directory.")
    @click.option("--database-url", envvar=None, help="Target database (overrides DATABASE_URL and the data-source file).")
    @click.option("--env", "env_name", help="Environment from forge.datasource.yaml (e.g. dev, prod).")
    @click.option("--no-color", is_flag=True, help="Plain output (NO_COLOR is respected too).")
    @click.option("-q", "--quiet", is_flag=True, help="Only results and errors.")
    @click.option("-v", "--verbose", is_flag=True, help="More detail on stderr.")
    @functools.wraps(f)
    def wrapper(schema_dir, migrations_dir, database_url, env_name, no_color, quiet, verbose, **kw):
        ui = make_ui(no_color, quiet, verbose)
        config = load_config(schema_dir=schema_dir, migrations_dir=migrations_dir)
        return f(Ctx(config, ui, database_url, env_name), **kw)

    return wrapper


class ForgeGroup(click.Group):
    """Turns :class:`ForgeError` into a message and exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ValidationFailed as exc:
            err = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")) or "--no-color" in sys.argv, highlight=False, soft_wrap=True)
            for p in exc.problems:
                err.print(f"[bold]{p.file}:{p.line}:{p.col}[/]: [red]error[/]: {p.message}", markup=True)
                if p.hint:
                    err.print(f"  [dim]hint:[/] {p.hint}")
            err.print(f"[red]✗[/] {len(exc.problems)} problem(s) found")
            ctx.exit(1)
        except ForgeError as exc:
            err = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")), highlight=False, soft_wrap=True)
            err.print(f"[red]error:[/] {redact(exc.message)}", markup=True)
            if exc.hint:
                err.print(f"  [dim]hint:[/] {redact(exc.hint)}")
            ctx.exit(1)


def command(name: str, help_text: str):
    """A subcommand with the common options and its examples in --help."""

    def deco(f):
        epilog = f"\b\nExamples:\n  {EXAMPLES[name]}" if name in EXAMPLES else None
        return cli.command(name=name, help=help_text, epilog=epilog)(common_options(f))

    return deco


@click.group(cls=ForgeGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="forge")
def cli():
    """schemaforge: schema-as-code for PostgreSQL.

    Declare entities in YAML, review `forge plan`, ship generated migrations.
    """


# --- commands -------------------------------------------------------------------------------


@command("validate", "Check the YAML: syntax, JSON Schema and meaning. Needs no database.")
def validate_cmd(ctx: Ctx):
    db = ctx.load_desired()
    ctx.ui.info(
        f"[green]✓[/] {ctx.config.schema_dir.name}/ is valid: {len(db.tables)} tables, {len(db.enums)} enums, "
        f"{len(db.views)} views"
    )


@command("plan", "Show what would change to bring the database to the YAML.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sql", "markdown"]), default="text", show_default=True)
@click.option("--down", is_flag=True, help="With --format sql: print the down script instead.")
@click.option("--detailed-exitcode", is_flag=True, help="Exit 2 when there are changes, 0 when none.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), help="Also save the plan to FILE for `forge apply FILE`.")
def plan_cmd(ctx: Ctx, fmt: str, down: bool, detailed_exitcode: bool, out_file: str | None):
    from . import output, planfile
    from .planner import plan_against

    desired = ctx.load_desired()
    url, _ = ctx.target()
    plan, _, _ = plan_against(ctx.config, url, desired, fallback=ctx.fallback())
    if out_file:
        planfile.save(Path(out_file), plan)
        ctx.ui.info(f"plan saved to {out_file}")
    if fmt == "json":
        click.echo(output.to_json(plan))
    elif fmt == "sql":
        click.echo(output.psql_script(plan.down_steps if down else plan.up_steps), nl=False)
    elif fmt == "markdown":
        click.echo(output.to_markdown(plan), nl=False)
    else:
        output.print_text(plan, ctx.ui.out)
    if detailed_exitcode and not plan.empty:
        sys.exit(2)


@command("sync", "Development mode: bring the database straight to the YAML (no migration files).")
@click.option("--allow-destructive", is_flag=True, help="Allow drops and narrowing type changes.")
@click.option("--force", is_flag=True, help="Sync even a production environment or a database with migration history.")
@click.option("--dry-run", is_flag=True, help="Print the SQL and change nothing.")
def sync_cmd(ctx: Ctx, allow_destructive: bool, force: bool, dry_run: bool):
    from . import output
    from .sync import sync

    desired = ctx.load_desired()
    url, target = ctx.target()
    plan = sync(
        ctx.config, url, target, desired,
        allow_destructive=allow_destructive, force=force, dry_run=dry_run, fallback=ctx.fallback(),
    )
    if plan.empty:
        ctx.ui.out.print(f"[green]✓[/] {output.summary_line(plan)}")
        return
    output.print_text(plan, ctx.ui.out, show_sql=dry_run or ctx.ui.verbose)
    if dry_run:
        ctx.ui.out.print("[yellow]dry run: nothing was changed[/]")
    else:
        ctx.ui.out.print(f"[green]✓[/] synced: {len(plan.up)} statement(s) applied")


@command("init", "Scaffold a project: schema/ with an example entity, migrations/, config, .gitignore.")
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=".", show_default=True)
def init_cmd(ctx: Ctx, directory: str):
    from .scaffold import init_project

    for line in init_project(Path(directory)):
        ctx.ui.out.print(line)


from . import cli_import  # noqa: E402,F401,I001  (registers import)
from . import cli_migrations  # noqa: E402,F401  (registers generate/apply/rollback/status/check/...)


def main() -> None:
    # Through the package module, so `python -m schemaforge.cli` sees the registered commands too.
    from schemaforge import cli as module

    module.cli(prog_name="forge")


if __name__ == "__main__":
    main()
