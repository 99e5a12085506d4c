"""What every command shares: the output consoles, the settings, the target, the common options.

Imported by every command module, so it imports only click at module level: ``forge --help``
and ``forge <cmd> --help`` must not pay for psycopg, rich or the planner.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from ..terminal import LazyConsole, isatty, plain, plain_stream, printable, styled, write_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ..background import Pending
    from ..config import Config
    from ..database.targets import Target
    from ..entities import Loading
    from ..model import Database


@dataclass
class UI:
    """The consoles, and the only ways commands print: a template of our markup with the user's
    values filled in as plain text (:func:`schemaforge.terminal.styled`), or plain text.
    ``tests/test_markup.py`` fails on a print of an f-string or of text that is not plainly ours."""

    out: Console  # results
    err: Console  # messages, progress
    quiet: bool = False
    verbose: bool = False

    def info(self, template: str, *values: object) -> None:
        """A message on stderr: ``template`` is our markup, each ``{}`` one of ``values`` as text."""
        if self.quiet:
            return
        stream = plain_stream(self.err)
        if stream is not None:
            write_line(stream, plain(template, *values))
        else:
            self.message(styled(template, *values))

    def message(self, text: Text) -> None:
        """A message on stderr, already styled (silenced by --quiet)."""
        if not self.quiet:
            self.err.print(text, markup=False)  # styled already: nothing in it is read as markup

    def result(self, template: str, *values: object) -> None:
        """A result on stdout: ``template`` is our markup, each ``{}`` one of ``values`` as text."""
        stream = plain_stream(self.out)
        if stream is not None:
            write_line(stream, plain(template, *values))
        else:
            self.out.print(styled(template, *values))

    @contextlib.contextmanager
    def working(self, what: str) -> Iterator[Callable[[str], None]]:
        """A spinner line on stderr saying what long work is doing, gone when it ends; it yields a
        function that says the next phase. Only on a terminal and without --quiet: nothing in a
        pipe, a CI log or a test."""
        if self.quiet or not self.err.is_interactive:
            yield lambda _phase: None
            return
        status = self.err.status(styled("{}...", what))
        status.start()
        try:
            yield lambda phase: status.update(styled("{}: {}...", what, phase))
        finally:
            status.stop()

    def text(self, msg: str, *, style: str | None = None) -> None:
        """A message on stderr taken as plain text, never as markup."""
        if self.quiet:
            return
        stream = plain_stream(self.err)
        if stream is not None:
            write_line(stream, printable(msg, newlines=True))
        else:
            self.err.print(printable(msg, newlines=True), markup=False, style=style)


def no_color_wanted(no_color: bool = False) -> bool:
    """``--no-color`` or a non-empty ``NO_COLOR`` (https://no-color.org)."""
    return no_color or bool(os.environ.get("NO_COLOR"))


def make_console(*, stderr: bool, no_color: bool) -> Console:
    """A console for forge's output: no highlighting, no emoji codes, no wrapping, and no
    colour at all (not even bold) when colour is off."""
    from rich.console import Console

    nc = no_color_wanted(no_color)
    stream = sys.stderr if stderr else sys.stdout
    # spinners only on a real terminal: FORCE_COLOR (CI logs) colours the output, never animates it
    interactive = None if isatty(stream) else False
    return Console(stderr=stderr, no_color=nc, color_system=None if nc else "auto", highlight=False,
                   emoji=False, soft_wrap=True, force_interactive=interactive)


def make_ui(no_color: bool, quiet: bool, verbose: bool) -> UI:
    nc = no_color_wanted(no_color)
    return UI(out=LazyConsole(functools.partial(make_console, stderr=False, no_color=nc), stderr=False, no_color=nc),
              err=LazyConsole(functools.partial(make_console, stderr=True, no_color=nc), stderr=True, no_color=nc),
              quiet=quiet, verbose=verbose)


UI_KEY = "schemaforge.ui"  # where the command's UI waits in click's shared ``meta`` for the error printer


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
        self.warn(t)
        if t.embedded:
            if deploy and not is_interactive():
                raise ForgeError(
                    "no database given, and this looks like a deploy (CI is set or stdin is not a terminal): "
                    "refusing to fall back to the embedded development database",
                    hint="pass --database-url, set DATABASE_URL, or choose an environment with --env",
                )
            return embedded_url(self.config, announce=self.ui.text), t
        if self.ui.verbose:
            self.ui.text(f"database: {redact(t.url)} (from {redact(t.source)})")
        return t.url, t

    def resolve(self) -> Target:
        """The target as configured, without starting anything (the embedded server included)."""
        from ..database.targets import resolve_target

        t = resolve_target(self.config, database_url=self.database_url, env=self.env)
        self.warn(t)
        return t

    def warn(self, t: Target) -> None:
        if t.warning and not self.ui.quiet:
            self.ui.text(f"warning: {t.warning}", style="yellow")

    def use_lock_wait(self, lock_wait: str | None) -> None:
        """``--lock-wait``, when given, over the ``lock_wait`` setting."""
        from dataclasses import replace

        if lock_wait is not None:
            self.config = replace(self.config, lock_wait=lock_wait)

    def fallback(self) -> Callable[[], str]:
        """The embedded server, for normalizing when the target forbids scratch databases."""
        from ..database.targets import embedded_server_url

        return lambda: embedded_server_url(self.config, announce=self.ui.text)

    def read_ahead(self) -> tuple[Pending[Database] | None, Database]:
        """(the target's model being read meanwhile, the YAML model) for a plan against the target
        (see :meth:`start_loading` and :meth:`start_reading`)."""
        loading = self.start_loading()
        return self.start_reading(loading), loading.result()

    def start_reading(self, loading: Loading, *, remember: bool = False) -> Pending[Database] | None:
        """The target's model, read from now on while the YAML loads (``loading``), or None.

        A database URL only: the embedded development server starts, and says so, only where
        :meth:`target` is called, after the YAML is known good. A fresh run reads in a second
        process, worth the model's pickling while the YAML is read and built; a warm one (the
        model cached in ``.forge/``) on a thread. ``remember``: see
        :func:`~schemaforge.reading.prefetch_target` (``forge plan``)."""
        from ..database.targets import peek_target
        from ..errors import ForgeError
        from ..reading import prefetch_target

        try:  # its warning and its passwords (for redaction) are taken where :meth:`target` is called
            t = peek_target(self.config, database_url=self.database_url, env=self.env)
        except ForgeError:  # said where the target is needed, after the YAML's own errors
            return None
        if t.embedded or not t.url:
            return None
        return prefetch_target(self.config, t.url, child=loading.cached is None, remember=remember)

    def start_loading(self, *, cache: bool = True, child_share: float = 0.5, alone: bool = False) -> Loading:
        """The YAML model's loading begun (see :func:`~schemaforge.entities.start_load`): a
        command starts it before its own imports, which then overlap the child's share of the
        files (``child_share``). ``cache=False`` for read-only commands, which write nothing
        into the project (no ``.forge/``)."""
        from ..entities import start_load
        from ..errors import ForgeError

        if not self.config.schema_dir.is_dir():
            raise ForgeError(
                f"schema directory {self.config.schema_dir} does not exist",
                hint="run `forge init`, or point --schema at your YAML directory",
            )
        from ..config import cache_dir

        return start_load(self.config.schema_dir, self.config.default_schema,
                          cache_dir=cache_dir(self.config) if cache else None, child_share=child_share,
                          alone=alone)

    def load_desired(self, *, cache: bool = True, alone: bool = False) -> Database:
        """The YAML model; ``cache=False`` for read-only commands, which write nothing
        into the project (no ``.forge/``); ``alone``: the command does nothing else meanwhile
        (see :func:`~schemaforge.entities.start_load`)."""
        return self.start_loading(cache=cache, alone=alone).result()


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
        click.get_current_context().meta[UI_KEY] = ui
        config = load_config(schema_dir=schema_dir, migrations_dir=migrations_dir)
        return f(Ctx(config, ui, database_url, env_name), **kw)

    return wrapper


def _lock_wait(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ..config import LOCK_WAIT_HINT, lock_wait_seconds

    if value is not None:
        try:
            lock_wait_seconds(value)
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a duration: {LOCK_WAIT_HINT.format(key='')}") from None
    return value


def lock_wait_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--lock-wait`` for the commands that take the deploy lock (overrides the ``lock_wait`` setting)."""
    return click.option(
        "--lock-wait", "lock_wait", metavar="DURATION", callback=_lock_wait,
        help="How long to wait for the deploy lock while another apply or rollback holds it, then exit 1 naming "
             "the session that holds it: seconds, or with a unit (30s, 15min, 1h), or 'forever'. "
             "Default: the lock_wait setting, else 15min.")(f)


def command(name: str, help_text: str, examples: str | None = None):
    """A subcommand with the common options and its examples in --help; the group adds it."""

    def deco(f: Callable[..., Any]) -> click.Command:
        epilog = f"\b\nExamples:\n  {examples}" if examples else None
        return click.command(name=name, help=help_text, epilog=epilog)(common_options(f))

    return deco
