"""The console rendering of runner events: the exact lines ``forge apply``/``rollback`` print."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from schemaforge.cli.context import UI
from schemaforge.cli.reporter import ConsoleReporter, PauseAt, console_reporter
from schemaforge.migrations import events as ev


def _ui(quiet: bool = False) -> tuple[UI, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    ui = UI(out=Console(file=out, no_color=True, highlight=False, soft_wrap=True),
            err=Console(file=err, no_color=True, highlight=False, soft_wrap=True), quiet=quiet)
    return ui, out, err


LABEL = "20260101000000_a[b].sql"  # markup-like text must come out as written

CASES = [
    (ev.WaitingForLock(), "waiting for another forge apply to finish..."),
    (ev.MigrationApplied(LABEL, 12), f"  ✓ {LABEL} (12 ms)"),
    (ev.OutOfOrder(LABEL, "20270101000000"),
     f"note: {LABEL} is older than the latest applied migration (20270101000000); applying it out of order"),
    (ev.Resumed(LABEL, 2, 3, 1, "partially applied: step 1 of 3 done"),
     f"  resuming {LABEL} at step 2 of 3 (partially applied: step 1 of 3 done)"),
    (ev.Resumed(LABEL, 2, 3, 4, "partially applied: step 1 of 3 done, step 2 stopped after 3 statement(s)"),
     f"  resuming {LABEL} at step 2 of 3, statement 4 "
     "(partially applied: step 1 of 3 done, step 2 stopped after 3 statement(s))"),
    (ev.Resumed("plan[1].json", 2, 3, 4, "partially applied: step 1 of 3 done", plan=True),
     "  resuming the plan plan[1].json at step 2 of 3 (partially applied: step 1 of 3 done)"),
    (ev.RollbackResumed(LABEL, "partially rolled back: no step of its down section done", undoing=False),
     f"  resuming the rollback of {LABEL} (partially rolled back: no step of its down section done)"),
    (ev.RollbackResumed(LABEL, "partially applied: step 1 of 2 done", undoing=True),
     f"  undoing the applied steps of {LABEL} (partially applied: step 1 of 2 done)"),
    (ev.RolledBack(LABEL, 7), f"  ↩ {LABEL} rolled back (7 ms)"),
    (ev.LockRetry(LABEL, "200ms", 4, 3, 5), f"  ! {LABEL}: lock not acquired within 200ms; retrying in 4 s (3/5)"),
    (ev.InvalidIndexDropped("public.[i]", earlier_run=True),
     "  dropped invalid index public.[i] left by an earlier failed run"),
    (ev.InvalidIndexDropped("public.[i]", earlier_run=False),
     "  dropped the invalid index public.[i] the failed statement left behind"),
    (ev.AlreadyDone("index [i] exists and is valid"),
     "  index [i] exists and is valid: done by the run that stopped, not run again"),
    (ev.WouldBeRefused("rolling back [x] would drop table t"),
     "! rolling back [x] would drop table t\n  without --allow-destructive it would be refused"),
]


@pytest.mark.parametrize(("event", "line"), CASES, ids=[type(c[0]).__name__ for c in CASES])
def test_each_message_event_prints_its_line_on_stderr(event, line):
    ui, out, err = _ui()
    ConsoleReporter(ui).event(event)
    assert (out.getvalue(), err.getvalue()) == ("", line + "\n")
    ui, out, err = _ui(quiet=True)
    ConsoleReporter(ui).event(event)
    assert (out.getvalue(), err.getvalue()) == ("", "")


def test_dry_run_sql_goes_to_stdout_as_written_even_when_quiet():
    ui, out, err = _ui(quiet=True)
    reporter = ConsoleReporter(ui)
    reporter.event(ev.DryRunSQL("1_a[b].sql", "CREATE TABLE [t];\n", "up"))
    reporter.event(ev.DryRunSQL("2_b.sql", "SELECT 2;\n", "up", resumes_at=2, of=3))
    reporter.event(ev.DryRunSQL("1_a", "DROP TABLE t;\n", "down"))
    assert out.getvalue() == ("-- 1_a[b].sql\nCREATE TABLE [t];\n-- 2_b.sql (part-way: resumes at step 2 of 3)\n"
                              "SELECT 2;\n-- rollback 1_a\nDROP TABLE t;\n")
    assert err.getvalue() == ""


def test_observer_only_events_print_nothing():
    ui, out, err = _ui()
    reporter = ConsoleReporter(ui)
    reporter.event(ev.MigrationStarted(LABEL, "up"))
    reporter.event(ev.StatementRan(LABEL, 1, 1, True))
    assert (out.getvalue(), err.getvalue()) == ("", "")


def test_the_pause_hook_is_off_unless_asked(monkeypatch):
    ui, _, _ = _ui()
    monkeypatch.delenv("FORGE_TEST_PAUSE_AT", raising=False)
    assert isinstance(console_reporter(ui), ConsoleReporter)
    monkeypatch.setenv("FORGE_TEST_PAUSE_AT", "StatementRan#3")
    hook = console_reporter(ui)
    assert isinstance(hook, PauseAt) and (hook.name, hook.n) == ("StatementRan", 3)


@pytest.mark.parametrize("value", ["MigrationApplied#x", "Migration Applied", "#2"])
def test_a_malformed_pause_hook_is_an_error_for_people(monkeypatch, value):
    from schemaforge.errors import ForgeError

    monkeypatch.setenv("FORGE_TEST_PAUSE_AT", value)
    with pytest.raises(ForgeError, match="is not EventName or EventName#N"):
        console_reporter(_ui()[0])


def test_the_runner_prints_nothing_itself():
    """Importing the runner loads neither rich nor the planner (nor the pipeline behind the gate)."""
    from tests.conftest import python_out

    code = ("import sys, schemaforge.migrations.runner; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich' "
            "or m in ('schemaforge.planner', 'schemaforge.safety', 'schemaforge.diff')))")
    assert python_out(code) == "[]\n"
