"""User text never becomes terminal markup: names, comments, file names and messages holding
``[bold]``, ``[/]``, ``[link=...]`` or backslashes are printed as they are, with colour and without.

Two guards: every command's output on a schema full of such names, line for line (with NO_COLOR,
and with colour forced, where the escape codes aside the text must be the same and no hyperlink
appears); and a scan of the printing code, so a new f-string print cannot slip in.
"""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.style import Style
from rich.text import Text

from schemaforge.cli.context import UI
from schemaforge.cli.reporter import ConsoleReporter
from schemaforge.migrations import events as ev
from schemaforge.terminal import lines, plain, styled
from tests.conftest import ok

ROOT = Path(__file__).resolve().parent.parent / "schemaforge"
HOSTILE_DIR = "sch[bold]x"
HOSTILE_FILE = "[red]app[link=http].yaml"
PLANFILE = "[red]p[link=x]\\.json"
SCHEMA = r"""
entities:
  Thing:
    table: "[bold]t[/]"
    comment: "[link=http://x]c[/link] \\["
    columns:
      id: { type: bigint, primary: true }
      "[/]": { type: text, comment: "[red]x[/red]" }
      "a\\[b": { type: text }
      "tail\\": { type: text, nullable: true }
    indexes:
      - { name: "[link=http://x]ix", columns: ["[/]"] }
"""
ANSI = re.compile(r"\x1b\[[0-9;]*m")


# --- the helper ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["[bold]x", "[/]", "[link=http://x]y[/link]", "\\[", "a\\", "\\[bold]z",
                                   "[red]x[/red]", "[]", "{}", "\x1b[31mred"])
def test_styled_values_are_plain_text_in_the_template_style(value):
    text = styled("[green]<{}>[/] and [bold]{}[/]", value, 7)
    shown = value.replace("\x1b", "\\x1b")
    assert text.plain == f"<{shown}> and 7"
    assert looks(text) == looks(Text.assemble((f"<{shown}>", "green"), " and ", ("7", "bold")))
    console = Console(force_terminal=True, color_system="standard", width=200)
    with console.capture() as cap:
        console.print(text)
    assert ANSI.sub("", cap.get()) == f"<{shown}> and 7\n" and "\x1b]8;" not in cap.get()  # no hyperlink


TEMPLATES = ["{}", "[bold]{}[/]", "  [green]{}[/] {}  [dim]{}[/]", "    [dim]size: {}[/]", "[red]! {} x[/] {}",
             "[green]✓[/] {}", "no values", "[bold]SQL (up)[/][dim]{}[/]"]
VALUE = st.one_of(st.text(alphabet=st.sampled_from(["a", "[", "]", "/", "\\", "{", "}", "\n", "\t", "\x1b", "\u202e",
                                                   "\U000f0000", "\U000f0001", "\U000f0002", "é", " "])),
                  st.integers(), st.builds(lines, st.text(max_size=8)))


@given(template=st.sampled_from(TEMPLATES), data=st.data())
@settings(max_examples=300, deadline=None)
def test_plain_is_the_text_styled_shows(template, data):
    """Output without colour takes ``plain`` for ``styled(...).plain``: the same characters for
    any value, also values holding the placeholder characters, brackets, braces or controls."""
    values = data.draw(st.lists(VALUE, min_size=template.count("{}"), max_size=template.count("{}")))
    assert plain(template, *values) == styled(template, *values).plain


@given(st.text(alphabet=["[", "]", "/", "\\", "a", "b", "z", "#", "@", "=", " ", ":", "x", "é", "\U000f0000"],
               max_size=14))
@example("\\[ [a]x")
@example("\\\\[a]b")
@example("\\\\\\[a]")
@example("x\\[b")
@example("[a]\\[ z")
@settings(max_examples=600, deadline=None)
def test_markup_is_read_as_rich_reads_it(markup):
    """``plain`` reads our markup without rich: tags, escaped brackets and backslashes give the
    text rich gives (markup rich refuses, or that may hold an emoji code, is not read here)."""
    from rich.errors import MarkupError

    from schemaforge.terminal import _EMOJI_LIKE, markup_plain

    try:
        expected = Text.from_markup(markup).plain
    except MarkupError:
        return
    if _EMOJI_LIKE.search(markup) is None:
        assert markup_plain(markup) == expected, markup


def _templates() -> list[tuple[str, int]]:
    """Every template of ours in the printing code: the first argument of a templated call, and
    the values of the template tables (CHANGE_LINE and the like)."""
    found = set()
    for path in [*PRINTING, ROOT / "terminal.py", ROOT / "output.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str) \
                    and getattr(node.func, "attr", getattr(node.func, "id", "")) in TEMPLATED:
                found.add(node.args[0].value)
            if isinstance(node, ast.Dict) and node.values and all(
                    isinstance(v, ast.Constant) and isinstance(v.value, str) and "{}" in v.value for v in node.values):
                found.update(v.value for v in node.values)
    return sorted((t, t.count("{}")) for t in found)


def test_every_template_of_ours_reads_the_same_without_rich():
    templates = _templates()
    assert len(templates) > 50 and ("  [green]{}[/] {}  [dim]{}[/]", 3) in templates
    for template, count in templates:
        values = [f"v{i}[/]" for i in range(count)]
        assert plain(template, *values) == styled(template, *values).plain, template


def test_plain_keeps_a_value_that_holds_a_placeholder_character():
    """Caught by the test above in a build that replaced placeholders one after the other."""
    assert plain("{} and {}", "\U000f0001", "b") == "\U000f0001 and b"


def looks(text: Text) -> list[tuple[str, str]]:
    """Each character with the style it is shown in."""
    return [(ch, str(Style.combine([Style.null(), *(Style.parse(str(s.style)) for s in text.spans if s.start <= i < s.end)])))
            for i, ch in enumerate(text.plain)]


# --- the code --------------------------------------------------------------------------------------

PRINTING = sorted([*(ROOT / "cli").glob("*.py"), ROOT / "output.py", ROOT / "lint" / "report.py"])
TEMPLATED = {"info", "result", "styled", "plain", "make"}  # first argument: our markup template


def _built(node: ast.expr) -> bool:
    """An f-string, a concatenation or a .format(): text put together here, maybe from user data."""
    return (isinstance(node, (ast.JoinedStr, ast.BinOp))
            or (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "format"))


def _cell(node: ast.expr) -> bool:
    """A table cell that is a literal or styled(), or a choice between such."""
    if isinstance(node, ast.IfExp):
        return _cell(node.body) and _cell(node.orelse)
    return isinstance(node, ast.Constant) or (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "styled")


def _problems(tree: ast.AST) -> list[str]:
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        first, plain = node.args[0], any(k.arg == "markup" for k in node.keywords)
        if name in TEMPLATED and _built(first):
            out.append(f"{node.lineno}: {name}() template built from values: pass them as arguments")
        elif name == "print" and not plain and (_built(first) or isinstance(first, (ast.Name, ast.Attribute))):
            out.append(f"{node.lineno}: print() of text that may hold markup: use ui.result/info or styled()")
        elif name == "from_markup":
            out.append(f"{node.lineno}: Text.from_markup: use styled()")
        elif name == "add_row" and not all(_cell(a) for a in node.args):
            out.append(f"{node.lineno}: add_row cell that is not styled()")
    return out


@pytest.mark.parametrize("path", PRINTING, ids=lambda p: p.name)
def test_printing_code_never_prints_markup_it_put_together(path):
    assert _problems(ast.parse(path.read_text())) == []


def test_the_scan_catches_what_it_claims():
    bad = ("ui.out.print(f'[red]{name}[/]')\nui.info(f'x {y}')\nconsole.print(line)\nstyled('a ' + b)\n"
           "Text.from_markup(s)\ntable.add_row(name)\n")
    assert [p.split(":")[0] for p in _problems(ast.parse(bad))] == ["1", "2", "3", "4", "5", "6"]
    good = "ui.result('[green]✓[/] {}', name)\nconsole.print(x, markup=False)\ntable.add_row(styled('{}', n), '')\n"
    assert _problems(ast.parse(good)) == []


# --- the commands ------------------------------------------------------------------------------------


def _run(project, colour: bool, *args: str):
    env = {"NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm"} if colour else {}
    res = project.forge(*args, env=env)
    return res


def _session(project, colour: bool) -> list[tuple[int, list[str], list[str]]]:
    """Every command on the hostile project: (exit code, stdout lines, stderr lines)."""
    for f in (project.root / "migrations").glob("*"):
        f.unlink()
    project.write("pyproject.toml", f'[tool.schemaforge]\nschema_dir = "{HOSTILE_DIR}"\n')
    project.write(f"{HOSTILE_DIR}/{HOSTILE_FILE}", SCHEMA)
    project.write("[red]l[link=x].sql", "SET lock_timeout = '1s';\nDROP TABLE x;\n")
    runs = [_run(project, colour, *args) for args in (
        ("validate",), ("plan",), ("plan", "--format", "markdown"), ("sync", "--dry-run"),
        ("plan", "--out", PLANFILE), ("apply", PLANFILE), ("status",), ("lint", "[red]l[link=x].sql"),
        ("import", "--out", "[bold]o", "--force"))]
    project.write(f"{HOSTILE_DIR}/{HOSTILE_FILE}", SCHEMA.replace('"[/]": { type: text', '"[/]": { type: txet'))
    runs.append(_run(project, colour, "validate"))
    return [(r.exit_code, r.stdout.splitlines(), r.stderr.splitlines()) for r in runs]


def test_every_command_prints_hostile_names_as_they_are(project):
    plain = _session(project, colour=False)
    (validate, plan, markdown, sync, saved, apply, status, lint, imported, invalid) = plain
    assert validate == (0, [], ["✓ sch[bold]x/ is valid: 1 tables, 0 enums, 0 views"])
    assert plan[0] == 0 and plan[1][:5] == [
        "Plan: 2 to create, 0 to change, 0 to drop", "", "table public.[bold]t[/]",
        "  + create table public.[bold]t[/] (4 columns)  [no lock] [SHARE UPDATE EXCLUSIVE] [SHARE UPDATE EXCLUSIVE]",
        "  + create index [link=http://x]ix  [SHARE]"]
    assert "COMMENT ON TABLE \"public\".\"[bold]t[/]\" IS '[link=http://x]c[/link] \\[';" in plan[1]
    assert markdown[1][7:9] == [
        "| `+` | table public.\\[bold\\]t\\[/\\] | create table public.\\[bold\\]t\\[/\\] (4 columns) | no lock, "
        "SHARE UPDATE EXCLUSIVE, SHARE UPDATE EXCLUSIVE |",
        "| `+` | table public.\\[bold\\]t\\[/\\] | create index \\[link=http://x\\]ix | SHARE |"]
    assert sync[0] == 0 and sync[1][2:5] == plan[1][2:5] and sync[1][-1] == "dry run: nothing was changed"
    assert saved == (0, plan[1], [f"plan saved to {PLANFILE}"])
    assert apply[0] == 0, apply
    assert re.fullmatch(r"✓ plan applied: 4 statement\(s\), recorded in the history as version \d{14}", apply[1][0]), apply
    assert status[0] == 0 and f"│ {PLANFILE} (saved plan) │ applied │" in status[1][3], status
    assert status[1][-1] == "in sync: the database matches its applied migrations"
    assert lint[0] == 1 and lint[1][0] == "[red]l[link=x].sql:2: error SF101 drop_table: DROP TABLE drops the table " \
                                           "and all its rows"
    assert imported == (0, [], ["✓ imported 1 tables, 0 views, 0 enums, 0 sequences into [bold]o/ (1 files)"])
    assert (imported_yaml := project.root / "[bold]o").is_dir() and any(imported_yaml.iterdir())
    assert invalid[0] == 1 and invalid[2][0].startswith(f"{HOSTILE_DIR}/{HOSTILE_FILE}:")
    # the same with colour forced: only escape codes added, never a hyperlink, never a crash
    ok(project.forge("rollback", "--allow-destructive"))
    coloured = _session(project, colour=True)
    assert any("\x1b[" in line for _, out, err in coloured for line in out + err)
    assert not any("\x1b]8;" in line for _, out, err in coloured for line in out + err)
    strip = [(code, [ANSI.sub("", x) for x in out], [ANSI.sub("", x) for x in err]) for code, out, err in coloured]
    for i, (a, b) in enumerate(zip(plain, strip, strict=True)):
        if i in (5, 6):  # apply, status: a new version number and timing
            assert a[0] == b[0]
            continue
        assert a == b, i


# --- the progress line ---------------------------------------------------------------------------------


def _reporter(*, terminal: bool, quiet: bool = False) -> tuple[ConsoleReporter, io.StringIO]:
    err = io.StringIO()
    ui = UI(out=Console(file=io.StringIO()), err=Console(file=err, force_terminal=terminal, color_system=None,
                                                         width=100, highlight=False), quiet=quiet)
    return ConsoleReporter(ui), err


def _migrate(reporter: ConsoleReporter) -> None:
    label = "20250101000000_[bold]a.sql"
    reporter.event(ev.MigrationStarted(label, "up"))
    reporter.event(ev.StatementRan(label, 1, 2, True))
    reporter.event(ev.MigrationApplied(label, 5))
    reporter.close()


def test_a_terminal_shows_what_runs_and_takes_the_line_away():
    reporter, err = _reporter(terminal=True)
    _migrate(reporter)
    shown = err.getvalue()
    assert "applying 20250101000000_[bold]a.sql: step 1, statement 2 done..." in shown
    assert shown.endswith("  ✓ 20250101000000_[bold]a.sql (5 ms)\n")
    assert reporter.status is None  # stopped: no refresh thread left behind


@pytest.mark.parametrize("quiet", [False, True])
def test_no_progress_line_off_a_terminal_or_when_quiet(quiet):
    reporter, err = _reporter(terminal=quiet, quiet=quiet)  # quiet: on a terminal, still nothing
    _migrate(reporter)
    assert err.getvalue() == ("" if quiet else "  ✓ 20250101000000_[bold]a.sql (5 ms)\n")


# --- output without rich ---------------------------------------------------------------------------


def test_plain_output_is_what_the_console_prints(capsys, monkeypatch):
    """Off a terminal and without colour, results, messages and texts are written without rich
    (not even imported for them) and read exactly as forge's own console prints them."""
    from schemaforge.cli.context import make_console, make_ui

    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    values = ("[bold]x", "a\\", "tab\there", "é [/]")

    def say(ui):
        ui.result("[green]✓[/] {} and {}", *values[:2])
        ui.info("[yellow]![/] {}: {}", *values[2:])
        ui.text("plain\nlines [red]", style="dim")

    lazy = make_ui(False, False, False)
    say(lazy)
    fast = capsys.readouterr()
    assert lazy.out._console is None and lazy.err._console is None  # no console was made
    say(UI(out=make_console(stderr=False, no_color=False), err=make_console(stderr=True, no_color=False)))
    assert capsys.readouterr() == fast
    assert fast.out == "✓ [bold]x and a\\\n"


@pytest.mark.parametrize("env, no_color, plain_text", [
    ({}, False, True), ({"FORCE_COLOR": "1"}, False, False), ({"FORCE_COLOR": ""}, False, True),
    ({"TTY_COMPATIBLE": "1"}, False, False), ({"FORCE_COLOR": "1"}, True, True)])
def test_plain_only_where_the_console_would_not_colour(monkeypatch, env, no_color, plain_text):
    from schemaforge.cli.context import make_console
    from schemaforge.terminal import LazyConsole, plain_stream

    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    lazy = LazyConsole(lambda: make_console(stderr=False, no_color=no_color), stderr=False, no_color=no_color)
    assert (plain_stream(lazy) is not None) == plain_text
    assert (lazy.real.color_system is None) == plain_text  # what rich itself decides
    assert plain_stream(lazy.real) is None  # a console of its own: always through rich
