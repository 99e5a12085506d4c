"""``forge dev``: the project's embedded development server — is it running, where, stop it, start afresh.

The embedded server starts on demand (the first command that needs a database and has none
configured) and is left running so the next command finds it warm; these commands are the
documented way to see it and stop it. Its data directory is ``.forge/pg`` in the project, or
``FORGE_EMBEDDED_DIR``. None of them starts a server.
"""

from __future__ import annotations

import click

from .context import Ctx, command


def _data_dir(ctx: Ctx):
    from ..database import embedded

    return embedded.default_data_dir(ctx.config.root)


def _status(ctx: Ctx, yes: bool) -> None:
    """Running or not, the data directory, the URL (no password: trust authentication)."""
    from ..database import embedded

    st = embedded.status(_data_dir(ctx))
    if st.running:
        ctx.ui.out.print(f"running (pid {st.pid})\ndata directory: {st.data_dir}\nurl: {st.url}", markup=False)
    else:
        state = "stopped" if st.initialized else "not created (a command that needs a database creates it)"
        ctx.ui.out.print(f"{state}\ndata directory: {st.data_dir}", markup=False)


def _url(ctx: Ctx, yes: bool) -> None:
    """The development database's URL, for psql or an application."""
    from ..database import embedded
    from ..database.targets import EMBEDDED_DB
    from ..errors import ForgeError

    st = embedded.status(_data_dir(ctx))
    if st.url is None:
        raise ForgeError(f"the embedded server in {st.data_dir} is not running",
                         hint="any command that needs the database starts it, e.g. `forge plan`")
    ctx.ui.out.print(st.url.replace("/postgres?", f"/{EMBEDDED_DB}?", 1), markup=False)


def _stop(ctx: Ctx, yes: bool) -> None:
    """Fast shutdown: sessions are ended; the next command that needs it starts it again."""
    from ..database import embedded

    data_dir = _data_dir(ctx)
    if embedded.stop_server(data_dir):
        ctx.ui.info("stopped the embedded server in {}", data_dir)
    else:
        ctx.ui.info("the embedded server in {} was not running", data_dir)


def _reset(ctx: Ctx, yes: bool) -> None:
    """Stop, then delete the data directory: every database in it."""
    from ..config import is_interactive
    from ..database import embedded
    from ..errors import ForgeError

    data_dir = _data_dir(ctx)
    if not yes:
        if not is_interactive():
            raise ForgeError(f"forge dev reset deletes {data_dir} and every database in it: refusing without --yes",
                             hint="run `forge dev reset --yes`")
        click.confirm(f"Delete {data_dir} and every database in it?", abort=True, err=True)
    if embedded.reset_server(data_dir):
        ctx.ui.info("deleted {}", data_dir)
    else:
        ctx.ui.info("nothing to delete: {} does not exist", data_dir)



ACTIONS = {"status": _status, "url": _url, "stop": _stop, "reset": _reset}


@command("dev", "The project's embedded development server: status (running or not, data directory, URL), "
                "url (print it), stop (stop the server), reset (stop it and delete its data directory).",
         "forge dev status\n  psql \"$(forge dev url)\"\n  forge dev stop\n  forge dev reset --yes")
@click.argument("action", type=click.Choice(sorted(ACTIONS)))
@click.option("--yes", is_flag=True, help="reset: do not ask for confirmation.")
def dev_cmd(ctx: Ctx, action: str, yes: bool) -> None:
    ACTIONS[action](ctx, yes)
