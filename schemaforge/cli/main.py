"""The ``forge`` group: the explicit list of commands, and errors turned into messages.

Results go to stdout, messages and progress to stderr, so ``forge plan --format sql | psql``
works. User mistakes end in a readable message and exit code 1, never a traceback.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from .. import __version__
from . import adopting, compare, dev, importing, lint, migrations, schema


class ForgeGroup(click.Group):
    """Turns :class:`ForgeError` into a message and exit code 1."""

    def invoke(self, ctx):
        from ..errors import ForgeError, ValidationFailed

        try:
            return super().invoke(ctx)
        except ValidationFailed as exc:
            print_problems(_stderr(ctx), exc.problems)
            ctx.exit(1)
        except ForgeError as exc:
            print_error(_stderr(ctx), exc)
            ctx.exit(1)
        except Exception as exc:  # a database error nobody wrapped is still the user's to fix
            if type(exc).__module__.split(".")[0] != "psycopg":
                raise
            print_error(_stderr(ctx), ForgeError(f"database error: {exc}".strip()))
            ctx.exit(1)


def print_problems(err, problems) -> None:
    """One located line per problem (``file:line:col: error: message``), its hint below.

    Everything in a problem comes from the user's files: it is printed as text (rich Text
    objects, never markup) with control characters escaped, so each problem stays one line.
    """
    from rich.text import Text

    from .context import printable

    for p in problems:
        err.print(Text.assemble((f"{printable(p.file)}:{p.line}:{p.col}", "bold"), ": ", ("error", "red"), ": ",
                                printable(p.message)))
        if p.hint:
            err.print(Text.assemble("  ", ("hint:", "dim"), " ", printable(p.hint)))
    err.print(Text.assemble(("✗", "red"), f" {len(problems)} problem(s) found"))


def print_error(err, exc) -> None:
    """``error: message`` and its hint, as text, with any password redacted."""
    from rich.text import Text

    from ..database.session import redact
    from .context import printable

    err.print(Text.assemble(("error:", "red"), " ", printable(redact(exc.message), newlines=True)))
    if exc.hint:
        err.print(Text.assemble("  ", ("hint:", "dim"), " ", printable(redact(exc.hint), newlines=True)))


def _stderr(ctx):
    """The command's own stderr console (``--no-color`` applies), else one that honours NO_COLOR."""
    from .context import UI_KEY, make_console

    ui = ctx.meta.get(UI_KEY)
    return ui.err if ui is not None else make_console(stderr=True, no_color="--no-color" in sys.argv)


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
    adopting.baseline_cmd, adopting.squash_cmd,
    lint.lint_cmd,
    importing.import_cmd, compare.diff_cmd, compare.inspect_cmd,
    dev.dev_cmd,
)
for _command in COMMANDS:
    cli.add_command(_command)


# Python's cycle collector by default runs every 700 new objects and walks the whole heap
# every few hundred runs: a 1,000-table plan builds a few million objects (the model twice,
# the changes, the YAML data), almost none in a cycle, and spent 0.4 of its 3.3 s collecting.
GC_THRESHOLD = (100_000, 20, 100)


def main() -> None:
    """The ``forge`` command. The objects the imports made are never garbage (``gc.freeze``),
    and the collector runs per 100,000 new objects instead of 700 (:data:`GC_THRESHOLD`).
    Work done meanwhile may run in a forked child (:func:`~schemaforge.background.allow_processes`)."""
    import gc
    import os

    from ..background import allow_processes

    # a process of its own: the catalog read may fork (see background.py); FORGE_PROCESSES=0 keeps
    # everything in this one process (a thread instead), e.g. under a profiler
    allow_processes(os.environ.get("FORGE_PROCESSES") != "0")
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        cli(prog_name="forge")
    except SystemExit as exc:  # how click ends every command, success included
        leave(exc)
    except Exception:  # a bug: show it for the report, but never with a password in it
        import traceback

        from ..database.session import redact

        sys.stderr.write(redact(traceback.format_exc()))
        sys.stderr.write("error: internal error in schemaforge (the traceback above); please report it\n")
        sys.exit(2)


def leave(exc: SystemExit) -> NoReturn:
    """End the process as Python would, but without tearing down its heap.

    Python's own exit frees every object one at a time before the process ends: ~0.25 s after a
    1,000-table plan (a sixth of its time) to give back memory the kernel takes back at once.
    Here the exit handlers still run (the background child stopped, the code cache saved,
    temporary directories removed: ``atexit`` and ``weakref.finalize``), then the standard
    streams are flushed, then ``os._exit``. What would only run at teardown (an object's
    ``__del__``) does not: nothing of ours waits for it, every file we write is closed by ``with``.
    Under a tracer or profiler (coverage, cProfile: they write their report after the program
    ends), with another thread still running, or with an exit message instead of a code, Python
    exits as usual (``exc`` raised again). tests/test_exit.py checks each of these.
    """
    import atexit
    import os
    import threading

    code = exc.code
    if not (code is None or isinstance(code, int)) or sys.gettrace() or sys.getprofile() \
            or threading.active_count() > 1:
        raise exc
    atexit._run_exitfuncs()  # the same call Python makes at exit (there is no public name for it)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # a reader that went away (``forge plan | head``), a
        code = code or 120                             # closed or missing stream: as Python does
    os._exit(code or 0)
