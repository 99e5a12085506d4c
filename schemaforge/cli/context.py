"""What every command shares: the output consoles, the settings, the target, the common options.

Imported by every command module, so it imports only click at module level: ``forge --help``
and ``forge <cmd> --help`` must not pay for psycopg, rich or the planner.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from rich.console import Console

    from ..config import Config
    from ..database.targets import Target
    from ..model import Database


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
    from rich.console import Console

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
        from ..config import is_interactive
        from ..database.session import redact
        from ..database.targets import embedded_url, resolve_target
        from ..errors import ForgeError

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

    def resolve(self) -> Target:
        """The target as configured, without starting anything (the embedded server included)."""
        from ..database.targets import resolve_target

        return resolve_target(self.config, database_url=self.database_url, env=self.env)

    def fallback(self) -> Callable[[], str]:
        """The embedded server, for normalizing when the target forbids scratch databases."""
        from ..database.targets import embedded_server_url

        return lambda: embedded_server_url(self.config, announce=self.ui.info)

    def load_desired(self) -> Database:
        from ..entities import load_schema
        from ..errors import ForgeError

        if not self.config.schema_dir.is_dir():
            raise ForgeError(
                f"schema directory {self.config.schema_dir} does not exist",
                hint="run `forge init`, or point --schema at your YAML directory",
            )
        from ..planner import cache_dir

        return load_schema(self.config.schema_dir, self.config.default_schema, cache_dir=cache_dir(self.config))


def common_options(f: Callable[..., Any]) -> Callable[..., Any]:
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
        from ..config import load_config

        ui = make_ui(no_color, quiet, verbose)
        config = load_config(schema_dir=schema_dir, migrations_dir=migrations_dir)
        return f(Ctx(config, ui, database_url, env_name), **kw)

    return wrapper


def command(name: str, help_text: str, examples: str | None = None):
    """A subcommand with the common options and its examples in --help; the group adds it."""

    def deco(f: Callable[..., Any]) -> click.Command:
        epilog = f"\b\nExamples:\n  {examples}" if examples else None
        return click.command(name=name, help=help_text, epilog=epilog)(common_options(f))

    return deco
