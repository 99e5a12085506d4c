"""The ``forge`` group: the explicit list of commands, and errors turned into messages.

Results go to stdout, messages and progress to stderr, so ``forge plan --format sql | psql``
works. User mistakes end in a readable message and exit code 1, never a traceback.
"""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from . import dev, importing, lint, migrations, schema


class ForgeGroup(click.Group):
    """Turns :class:`ForgeError` into a message and exit code 1."""

    def invoke(self, ctx):
        from ..errors import ForgeError, ValidationFailed

        try:
            return super().invoke(ctx)
        except ValidationFailed as exc:
            err = _stderr(no_color=bool(os.environ.get("NO_COLOR")) or "--no-color" in sys.argv)
            for p in exc.problems:
                err.print(f"[bold]{p.file}:{p.line}:{p.col}[/]: [red]error[/]: {p.message}", markup=True)
                if p.hint:
                    err.print(f"  [dim]hint:[/] {p.hint}")
            err.print(f"[red]✗[/] {len(exc.problems)} problem(s) found")
            ctx.exit(1)
        except ForgeError as exc:
            from ..database.session import redact

            err = _stderr(no_color=bool(os.environ.get("NO_COLOR")))
            err.print(f"[red]error:[/] {redact(exc.message)}", markup=True)
            if exc.hint:
                err.print(f"  [dim]hint:[/] {redact(exc.hint)}")
            ctx.exit(1)


def _stderr(*, no_color: bool):
    from rich.console import Console

    return Console(stderr=True, no_color=no_color, highlight=False, soft_wrap=True)


@click.group(cls=ForgeGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="forge")
def cli():
    """schemaforge: schema-as-code for PostgreSQL.

    Declare entities in YAML, review `forge plan`, ship generated migrations.
    """


COMMANDS: tuple[click.Command, ...] = (
    schema.init_cmd, schema.validate_cmd, schema.plan_cmd, schema.sync_cmd,
    migrations.generate_cmd, migrations.apply_cmd, migrations.rollback_cmd, migrations.status_cmd,
    migrations.check_cmd, migrations.rehash_cmd,
    lint.lint_cmd,
    importing.import_cmd,
    dev.dev_cmd,
)
for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="forge")
