"""Plan output for people (rich text) and machines (json, sql); the markdown PR comment is
:mod:`schemaforge.review`, GitHub annotations :mod:`schemaforge.annotations`.

The JSON document is a stable contract (``format_version`` 1):
``{format_version, summary: {create, change, drop, hazards, destructive}, changes: [{kind,
symbol, subject, description, destructive, hazards: [{kind, code, level, message, destructive}], sql}],
hazards: [...], up: [statements], down: [statements], up_steps: [{transaction, statements,
locks}], down_steps: [...], fingerprint}``. ``up``/``down`` are the steps' statements in order.
``locks`` (in each step, and ``statement_locks`` in each change) has one entry per statement:
``{lock, scans, rewrites}`` — the table lock it takes and whether it reads every row or
rewrites the table (:mod:`schemaforge.render.locks`); text output shows the same as a marker
after each change, one per statement (``[SHARE UPDATE EXCLUSIVE, scans]``).

Every format shows the migration ``forge generate`` would write, steps included: text and
markdown print the up section exactly as the file holds it (``-- +step`` lines), and
``--format sql`` wraps each transactional step in ``BEGIN``/``COMMIT`` so psql runs it with
the same transaction boundaries as ``forge apply``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

from . import changes as ch
from .migrations.files import Step, flatten, render_section
from .planner import Plan
from .render import render_change
from .render.locks import statement_lock
from .terminal import plain, plain_stream, printable, styled

if TYPE_CHECKING:
    from rich.console import Console

SYMBOL_STYLE = {"+": "green", "~": "yellow", "-": "red"}


def summary(plan: Plan) -> dict:
    counts = Counter(c.symbol for c in plan.changes)
    return {
        "create": counts["+"],
        "change": counts["~"],
        "drop": counts["-"],
        "hazards": len(plan.hazards),
        "destructive": len(plan.destructive),
    }


NOTHING = "the database matches the schema."


def summary_line(plan: Plan, nothing: str = NOTHING) -> str:
    """The plan in one line; ``nothing``: what an empty plan means (a base revision's plan
    compares no database)."""
    if plan.empty:
        return f"No changes: {nothing}"
    s = summary(plan)
    text = f"Plan: {s['create']} to create, {s['change']} to change, {s['drop']} to drop"
    if s["hazards"]:
        text += f" ({s['hazards']} hazard{'s' if s['hazards'] != 1 else ''})"
    return text


def script(statements) -> str:
    return "".join(f"{s};\n" for s in statements)


def psql_script(steps: tuple[Step, ...] | list[Step]) -> str:
    """Steps as a script for psql: one step as plain statements, else each transactional step
    between ``BEGIN`` and ``COMMIT`` and the others bare, as ``forge apply`` runs them."""
    if len(steps) <= 1:
        return script(flatten(steps))
    parts = []
    for i, step in enumerate(steps, 1):
        head = f"-- step {i} of {len(steps)}: {'in a transaction' if step.transaction else 'no transaction'}\n"
        body = script(step.statements)
        parts.append(head + (f"BEGIN;\n{body}COMMIT;\n" if step.transaction else body))
    return "\n".join(parts)


def _locks_json(statements) -> list[dict | None]:
    out: list[dict | None] = []
    for s in statements:
        lock = statement_lock(s)
        out.append(None if lock is None else {"lock": lock.level, "scans": lock.scans, "rewrites": lock.rewrites})
    return out


def _steps_json(steps) -> list[dict]:
    return [{"transaction": s.transaction, "statements": list(s.statements), "locks": _locks_json(s.statements)}
            for s in steps]


def lock_marker(change: ch.Change) -> str:
    """``[lock, scans]`` for each statement of ``change``, for plan text."""
    locks = [statement_lock(s) for s in render_change(change)]
    return " ".join(f"[{lock.marker()}]" for lock in locks if lock is not None)


def _hazard_dict(h: ch.Hazard) -> dict:
    return {"kind": h.kind, "code": h.code, "level": h.level, "message": h.message, "destructive": h.destructive}


def to_json(plan: Plan) -> str:
    doc = {
        "format_version": 1,
        "summary": summary(plan),
        "changes": [
            {
                "kind": c.kind,
                "symbol": c.symbol,
                "subject": c.subject,
                "description": c.describe(),
                "destructive": c.destructive,
                "hazards": [_hazard_dict(h) for h in c.hazards()],
                "sql": render_change(c),
                "statement_locks": _locks_json(render_change(c)),
            }
            for c in plan.changes
        ],
        "hazards": [_hazard_dict(h) for _, h in plan.hazards],
        "up": list(plan.up),
        "down": list(plan.down),
        "up_steps": _steps_json(plan.up_steps),
        "down_steps": _steps_json(plan.down_steps),
        "fingerprint": plan.fingerprint,
        "preflight": None if plan.preflight is None else plan.preflight.to_json(),
    }
    return json.dumps(doc, indent=2)


def grouped(plan: Plan) -> dict[str, list[ch.Change]]:
    groups: dict[str, list[ch.Change]] = {}
    for c in plan.changes:
        groups.setdefault(c.subject, []).append(c)
    return groups


def sql_text(sql: str):
    """Highlighted SQL, for a colour terminal (output without colour takes the text as it is,
    which also skips loading and running the SQL lexer over thousands of lines)."""
    from rich.syntax import Syntax

    return Syntax(sql, "sql", theme="ansi_dark", background_color="default")


def print_text(plan: Plan, console: Console, *, show_sql: bool = True, nothing: str = NOTHING) -> None:
    """The plan for people. Its lines are printed in one call: a 1,000-table plan has thousands,
    and rich's per-call work (measure, render, write) took a tenth of a second on its own.
    Without colour (a pipe, a CI log, ``NO_COLOR``) they are plain strings written as they are:
    what rich would print for them (forge's consoles never wrap), without building it."""
    stream = plain_stream(console)  # text alone, rich not even imported
    color = stream is None and console.color_system is not None
    lines = text_lines(plan, show_sql=show_sql, nothing=nothing, color=color)
    if color:
        console.print(*lines, sep="\n")
    else:
        stream = stream or console.file
        stream.write("\n".join(lines) + "\n")
        stream.flush()


def text_lines(plan: Plan, *, show_sql: bool = True, nothing: str = NOTHING, color: bool = False) -> list:
    """The lines :func:`print_text` prints: rich renderables with ``color``, else plain strings; ``""`` is an empty line."""
    make = styled if color else plain
    if plan.empty:
        return [make("[green]✓[/] {}", summary_line(plan, nothing))]
    out: list = [make("[bold]{}[/]", summary_line(plan))]
    by_subject: dict[str, list[tuple[int, ch.Change]]] = {}
    for i, c in enumerate(plan.changes):
        by_subject.setdefault(c.subject, []).append((i, c))
    for subject, items in by_subject.items():
        out += ["", make("[bold]{}[/]", subject)]
        for i, c in items:
            out.append(make(CHANGE_LINE[c.symbol], c.symbol, c.describe(), lock_marker(c)))
            for h in c.hazards():
                out.append(make("    [red]! {}[/]" if h.destructive else "    [magenta]! {}[/]", h.message))
            out += preflight_lines(plan, i, make)
    if show_sql:
        steps = plan.up_steps
        outside = sum(not s.transaction for s in steps)
        note = "" if len(steps) <= 1 else (
            f" — {len(steps)} steps" + (f", {outside} without a transaction" if outside else ""))
        sql = printable(render_section(steps).rstrip(), newlines=True)
        out += ["", make("[bold]SQL (up)[/][dim]{}[/]", note), sql_text(sql) if color else sql]
    if plan.destructive:
        out += ["", make("[red]! {} destructive change(s): applying needs --allow-destructive[/]",
                         len(plan.destructive))]
    if plan.preflight is not None and plan.preflight.firing:
        out += ["", make("[red]! pre-flight: {} check(s) found rows that make this migration fail: `forge "
                         "apply` stops before it[/]", len(plan.preflight.firing))]
    return out


# how plan text shows a pre-flight finding, by status
PREFLIGHT_LINE = {"found": "    [red]! {}[/]", "clear": "    [green]✓[/] [dim]{}[/]", "timed_out": "    [yellow]? {}[/]",
                  "not_checked": "    [yellow]? {}[/]"}


def preflight_lines(plan: Plan, change: int, make=styled) -> list:
    """Under change ``change``: each check of its statements, the sample query of those that
    fire, and the size of each table it scans or rewrites under lock."""
    if plan.preflight is None:
        return []
    out = []
    for f in plan.preflight.findings:
        if f.change == change:
            out.append(make(PREFLIGHT_LINE[f.status], f.message()))
            if f.fires:
                out.append(make("      [dim]see them: {};[/]", f.query))
    for s in plan.preflight.sizes:
        if s.change == change:
            out.append(make("    [dim]size: {}[/]", s.message()))
    return out


# a change line in plan text: symbol, description, lock markers
CHANGE_LINE = {"+": "  [green]{}[/] {}  [dim]{}[/]", "~": "  [yellow]{}[/] {}  [dim]{}[/]", "-": "  [red]{}[/] {}  [dim]{}[/]"}
