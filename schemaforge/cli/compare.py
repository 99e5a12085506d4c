"""``forge diff SRC DST`` and ``forge inspect``: look at schemas without changing anything.

Wiring only: the sources and the plan between them are :mod:`schemaforge.compare`; the YAML
is what ``forge import`` writes (:mod:`schemaforge.entities.roundtrip`).
"""

from __future__ import annotations

import sys

import click

from .context import Ctx, command

SOURCES_HELP = """\b
SRC and DST are each one of:
  yaml:DIR          a directory of YAML entity files
  migrations:DIR    a migrations directory, replayed on a scratch database
  db                the configured target (--database-url, DATABASE_URL, data-source file, embedded)
  env:NAME          an environment of forge.datasource.yaml
  postgresql://...  a database URL (db:CONNINFO for any other spelling)
  DIR               a directory: YAML if it holds *.yaml files, else migrations"""


@command("diff", "Show what would change to turn SRC into DST (YAML, database or migrations). Changes nothing.\n\n"
         + SOURCES_HELP, (
             "forge diff db yaml:schema              # what `forge plan` shows\n"
             "  forge diff migrations:migrations yaml:schema   # what `forge check` compares\n"
             "  forge diff env:prod migrations:migrations --format sql\n"
             "  forge diff postgresql://localhost/app_a postgresql://localhost/app_b --format json"))
@click.argument("src")
@click.argument("dst")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sql"]), default="text", show_default=True)
@click.option("--down", is_flag=True, help="With --format sql: print the script that turns DST back into SRC.")
@click.option("--detailed-exitcode", is_flag=True, help="Exit 2 when the two differ, 0 when they do not.")
def diff_cmd(ctx: Ctx, src: str, dst: str, fmt: str, down: bool, detailed_exitcode: bool):
    from .. import output
    from ..compare import compare, parse_source

    sides = [_resolve(ctx, parse_source(spec)) for spec in (src, dst)]
    ctx.ui.info("diff: {} → {}", sides[0].source.label(), sides[1].source.label())
    with ctx.ui.working("comparing") as step:
        plan = compare(ctx.config, sides[0], sides[1], lambda rs: _scratch(ctx, rs), progress=step)
    if fmt == "json":
        click.echo(output.to_json(plan))
    elif fmt == "sql":
        click.echo(output.psql_script(plan.down_steps if down else plan.up_steps), nl=False)
    elif plan.empty:
        ctx.ui.result("[green]✓[/] No differences: {} and {} hold the same schema.",
                      sides[0].source.label(), sides[1].source.label())
    else:
        output.print_text(plan, ctx.ui.out)
    if detailed_exitcode and not plan.empty:
        sys.exit(2)


def _resolve(ctx: Ctx, source):
    """A database source's URL (the configured target, an environment, or as given)."""
    from ..compare import DATABASE, Resolved
    from ..database.session import remember_secrets
    from ..database.targets import resolve_target

    if source.kind != DATABASE:
        return Resolved(source, source.where)
    if source.env is not None:
        target = resolve_target(ctx.config, env=source.env)
        return Resolved(source, target.url)
    if not source.where:
        url, _ = ctx.target()
        return Resolved(source, url)
    remember_secrets(source.where)
    return Resolved(source, source.where)


def _scratch(ctx: Ctx, resolved):
    """Scratch databases on the server of the first database side (when it allows them), else
    where `forge check` puts them."""
    from ..compare import DATABASE
    from ..planner import normalizing_server
    from .migrations import _scratch_server

    urls = [r.where for r in resolved if r.source.kind == DATABASE]
    if urls:
        return normalizing_server(urls[0], ctx.fallback(), ctx.config)
    return _scratch_server(ctx)


# entities.writer.LAYOUTS, spelled out so `forge inspect --help` need not import the YAML writer
LAYOUTS = ("schema", "table")


@command("inspect", "Print the database's schema as YAML on stdout (what `forge import` would write), "
                    "one document per file, each starting with a `# file: PATH` line.", (
    "forge inspect\n  forge inspect --env prod --schema-name public > public.yaml\n"
    "  forge inspect --layout table"))
@click.option("--schema-name", "schema_names", multiple=True,
              help="PostgreSQL schema to print (repeatable; default: every non-system schema).")
@click.option("--layout", type=click.Choice(LAYOUTS), default="schema", show_default=True,
              help="schema: one document per PostgreSQL schema; table: one per table, as `forge import` writes.")
def inspect_cmd(ctx: Ctx, schema_names: tuple[str, ...], layout: str):
    from ..compare import stream
    from ..database.session import connect, redact
    from ..entities.roundtrip import import_model
    from ..errors import ForgeError
    from ..inspect import inspect_database
    from ..reading import excluded_schemas

    url, _ = ctx.target()
    schemas = list(schema_names) or None
    with ctx.ui.working("inspecting") as step, connect(url) as conn:
        step("reading the database")
        db = inspect_database(conn, schemas, exclude_schemas=excluded_schemas(ctx.config))
    if schemas:
        missing = sorted(set(schemas) - {s.name for s in db.schemas})
        if missing:
            raise ForgeError(f"no such schema in {redact(url)}: {', '.join(missing)}")
    result = import_model(db, default_schema=ctx.config.default_schema, layout=layout)
    for problem in result.problems:
        ctx.ui.info("[yellow]warning:[/] the printed YAML does not validate: {}", problem)
    click.echo(stream(result.files), nl=False)
