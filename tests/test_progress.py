"""Long work says what it is doing on a terminal (a spinner line on stderr), and nothing anywhere else."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from schemaforge.cli.context import UI
from schemaforge.config import load_config
from schemaforge.entities import load_schema
from schemaforge.planner import plan_against
from tests.conftest import Project


def _ui(*, terminal: bool, quiet: bool = False) -> tuple[UI, io.StringIO]:
    err = io.StringIO()
    console = Console(file=err, force_terminal=terminal, color_system=None, width=120, highlight=False)
    return UI(out=Console(file=io.StringIO()), err=console, quiet=quiet), err


def test_a_terminal_shows_each_phase_and_takes_the_line_away():
    ui, err = _ui(terminal=True)
    with ui.working("planning [bold]x") as step:
        step("reading the database")
    shown = err.getvalue()
    assert "planning [bold]x: reading the database...\n" in shown  # the user's text as text, never markup
    assert shown.endswith("\r\x1b[1A\x1b[2K")  # and the line erased when the work ends


@pytest.mark.parametrize("terminal, quiet", [(False, False), (True, True)])
def test_nothing_off_a_terminal_or_when_quiet(terminal, quiet):
    ui, err = _ui(terminal=terminal, quiet=quiet)
    with ui.working("planning") as step:
        step("reading the database")
    assert err.getvalue() == ""


def test_a_plan_reports_its_phases_in_order(project: Project):
    project.schema("entities:\n  Post:\n    columns:\n      id: { type: bigint, primary: true }\n")
    config = load_config(schema_dir=str(project.root / "schema"), migrations_dir=str(project.root / "migrations"))
    desired = load_schema(config.schema_dir, config.default_schema)
    phases: list[str] = []
    plan, _, _ = plan_against(config, project.db_url, desired, progress=phases.append)
    assert [c.describe() for c in plan.changes] == ["create table public.post (1 columns)"]
    assert phases == ["reading the database", "normalizing the YAML (1 tables) in a scratch database",
                      "settling the database's SQL text", "comparing"]
