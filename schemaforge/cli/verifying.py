"""``--verify`` and ``--seed`` for plan, generate and check: the options and the report on the console.

Wiring only: the replay itself is :mod:`schemaforge.verify`. Imports click alone at module level
(``forge --help`` stays light).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .context import printable

if TYPE_CHECKING:
    from rich.console import Console

    from ..seeds import Seed
    from ..verify import Report


def verify_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--verify`` and ``--seed FILE``."""
    f = click.option("--seed", "seed_file", type=click.Path(dir_okay=False), metavar="FILE",
                     help="With --verify: SQL INSERTs of sample rows, run in the scratch database only; "
                          "reports the rows each direction loses.")(f)
    return click.option("--verify", is_flag=True,
                        help="Replay up then down on a scratch database holding the current schema (never the "
                             "target) and report that each direction lands exactly; exit 1 if not.")(f)


def seed_for(verify: bool, seed_file: str | None) -> Seed | None:
    """The seed, read and checked before any database work; ``--seed`` alone is an error."""
    from ..errors import ForgeError
    from ..seeds import read_seed

    if seed_file is None:
        return None
    if not verify:
        raise ForgeError("--seed needs --verify",
                         hint="add --verify: the seed's rows go into the scratch database --verify creates")
    return read_seed(Path(seed_file))


def print_report(console: Console, report: Report) -> None:
    """The report's lines as text (row values are the user's: never markup, never a control character)."""
    from rich.text import Text

    for line in report.lines():
        style = "green" if line.startswith("✓") else "red" if line.startswith("✗") else None
        console.print(Text(printable(line), style=style or ""))
