"""A plan as a pull-request comment: ``forge plan --format markdown``.

A reviewer reads the comment, not the YAML diff, so it says everything a plan risks in one
place: a count per object kind (``+3 tables, ~2 columns, -1 index``: the plan's own ``+ ~ -``
symbols, ASCII), each destructive change with the data it would lose, each change that holds a
lock while it scans or rewrites, the lock every statement takes (:mod:`schemaforge.render.locks`),
the hazards, the SQL both ways and the schema fingerprint a saved plan checks before it applies.

Every name comes from YAML or a database: it goes through :func:`md`, so no name can open a
link, a table cell, an HTML tag or a code span, and control characters are shown as escapes.

Row counts: a change may carry an ``estimate`` (text such as ``~1,200 rows``, set by whatever
reads the live database before planning); when it does, the destructive list prints it after
the data the change would lose. Nothing here asks a database.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from . import changes as ch
from .migrations.files import render_section
from .output import NOTHING, summary_line
from .planner import Plan
from .render import render_change
from .render.locks import Lock, statement_lock
from .terminal import printable

# the first line of the comment: what sticky-comment tools look for to replace the last one
MARKER = "<!-- schemaforge-plan -->"

# Markdown that renders as the text it holds: punctuation with a meaning (emphasis, code, links,
# HTML, table cells, entities) backslash-escaped, as CommonMark allows for any ASCII punctuation.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")


def md(text: str) -> str:
    """``text`` (a name, a description, a hazard) as literal Markdown on one line."""
    return _MD_SPECIAL.sub(r"\\\1", printable(text))


# --- what kind of object each change is about ---------------------------------------------------

_VERB = re.compile(r"^(Create|Drop|Add|Alter|Rename|Set|Recreate|Replace|Move|Comment|Enable|Validate)(?=[A-Z])")
_KIND = {  # class names the verb rule reads wrong
    "AddEnumValues": "enum", "RenameEnumValue": "enum", "SetComment": "comment", "SetTableComment": "comment",
    "SetViewColumnComment": "comment",
    "CommentFunction": "function", "CommentTrigger": "trigger", "RenameNotNull": "NOT NULL constraint",
    "SetNotNull": "NOT NULL constraint", "DropNotNull": "NOT NULL constraint", "AddNotNullCheck": "constraint",
    "DropNotNullCheck": "constraint", "NothingToUndo": "no-op",
    "CommentPolicy": "policy", "EnableRowSecurity": "row level security", "DisableRowSecurity": "row level security",
    "ForceRowSecurity": "row level security", "NoForceRowSecurity": "row level security",
}


def object_kind(change: ch.Change) -> str:
    """``table``, ``column``, ``index`` …: what ``change`` creates, changes or drops."""
    name = type(change).__name__
    if name in _KIND:
        return _KIND[name]
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", _VERB.sub("", name))
    return words.lower()


def plural(kind: str, n: int) -> str:
    if n == 1:
        return kind
    return kind + ("es" if kind.endswith(("x", "s")) else "s")


def by_kind(plan: Plan) -> str:
    """``+3 tables, ~2 columns, -1 index``: creates, then changes, then drops, kinds by name."""
    counts = Counter((c.symbol, object_kind(c)) for c in plan.changes)
    order = {"+": 0, "~": 1, "-": 2}
    items = sorted(counts.items(), key=lambda kv: (order[kv[0][0]], kv[0][1]))
    return ", ".join(f"{symbol}{n} {plural(kind, n)}" for (symbol, kind), n in items)


# --- what a change would lose, what it blocks -----------------------------------------------------


def data_lost(change: ch.Change) -> str:
    """The data a destructive change would lose, named."""
    if isinstance(change, ch.DropTable):
        return f"every row of table {change.table.qname}"
    if isinstance(change, ch.DropColumn):
        return f"every value of column {change.table}.{change.column.name}"
    if isinstance(change, ch.DropSequence):
        return f"the current value of sequence {change.sequence.qname}"
    if isinstance(change, ch.DropSchema):
        return f"schema {change.schema.name} and whatever is left in it"
    if isinstance(change, ch.AlterColumn):
        return f"values of column {change.table}.{change.new.name} the new type cannot hold as they are"
    return "; ".join(h.message for h in change.hazards() if h.destructive) or change.describe()


def blocking(locks: list[Lock | None]) -> Lock | None:
    """The first lock among ``locks`` that blocks writes for a scan or a rewrite, if any."""
    return next((lk for lk in locks if lk is not None and lk.level in _BLOCKS_WRITES and (lk.scans or lk.rewrites)),
                None)


# lock modes at SHARE or above: they conflict with ROW EXCLUSIVE, the lock every write takes
_BLOCKS_WRITES = ("SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE")


def _estimate(change: ch.Change) -> str | None:
    value = getattr(change, "estimate", None)
    return str(value) if value is not None else None


# --- the comment ------------------------------------------------------------------------------------


def to_markdown(plan: Plan, *, estimate: Callable[[ch.Change], str | None] = _estimate,
                nothing: str = NOTHING) -> str:
    """The whole PR comment. ``estimate``: a change's row count as text, when one is known;
    ``nothing``: what an empty plan means (a base revision's plan says so)."""
    lines = [MARKER, "### schemaforge plan", ""]
    if plan.empty:
        return "\n".join([*lines, f"✅ No changes: {md(nothing)}", "",
                          _fingerprint(plan), ""])
    lines += [f"**{summary_line(plan)}**: {md(by_kind(plan))}", "",
              "| | object | change | locks |", "|---|---|---|---|"]
    for c in plan.changes:
        marks = ", ".join(lk.marker() for s in render_change(c) if (lk := statement_lock(s)) is not None)
        lines.append(f"| `{c.symbol}` | {md(c.subject)} | {md(c.describe())} | {md(marks)} |")
    lines += (_destructive(plan, estimate) + _locking(plan) + _preflight(plan) + _hazards(plan)
              + _statement_locks(plan))
    for title, steps in (("Up SQL", plan.up_steps), ("Down SQL", plan.down_steps)):
        sql = render_section(steps).rstrip()
        fence = "`" * max([3, *(len(run) + 1 for run in re.findall("`+", sql))])  # longer than any run in the SQL
        lines += ["", f"<details><summary>{title}</summary>", "", f"{fence}sql", sql, fence, "", "</details>"]
    lines += ["", _fingerprint(plan)]
    return "\n".join(lines) + "\n"


def _destructive(plan: Plan, estimate: Callable[[ch.Change], str | None]) -> list[str]:
    if not plan.destructive:
        return []
    out = ["", "> [!CAUTION]", f"> **{len(plan.destructive)} destructive change(s)**: applying needs "
                               "`--allow-destructive`"]
    for c in plan.destructive:
        codes = ", ".join(sorted({h.code for h in c.hazards() if h.destructive and h.code}))
        rows = estimate(c)
        out.append(f"> - {md(c.describe())}: loses {md(data_lost(c))}"
                   + (f" ({md(rows)})" if rows else "") + (f" — {codes}" if codes else ""))
    return out


def _locking(plan: Plan) -> list[str]:
    held = [(c, lk) for c in plan.changes if (lk := blocking([statement_lock(s) for s in render_change(c)]))]
    if not held:
        return []
    out = ["", "> [!WARNING]", f"> **{len(held)} change(s) block writes while they scan or rewrite a table**"]
    for c, lk in held:
        out.append(f"> - {md(c.describe())} ({md(c.subject)}): {md(lk.marker())}")
    return out


def _preflight(plan: Plan) -> list[str]:
    """What the pre-flight checks found in the target's data, and the sizes of the tables
    that statements scan or rewrite under lock (``Plan.preflight``: absent without a target)."""
    pf = getattr(plan, "preflight", None)
    if pf is None or not (pf.findings or pf.sizes):
        return []
    firing = pf.firing
    out = ["", "> [!CAUTION]" if firing else "> [!NOTE]",
           f"> **Pre-flight** (the target's data): {len(firing)} check(s) will stop `forge apply`"]
    for f in pf.findings:
        mark = "✗" if f.stops else ("!" if f.fires else "✓" if f.status == "clear" else "?")
        out.append(f"> - {mark} {md(f.message())}" + (f": {md(f.query)}" if f.fires else ""))
    for size in pf.sizes:
        out.append(f"> - {md(size.message())}")
    return out


def _hazards(plan: Plan) -> list[str]:
    if not plan.hazards:
        return []
    out = ["", "**Hazards**", ""]
    for _, h in plan.hazards:
        code = f"{h.code} " if h.code else ""
        out.append(f"- {code}{h.level} ({h.kind}){': **destructive**' if h.destructive else ''}: {md(h.message)}")
    return out


def _statement_locks(plan: Plan) -> list[str]:
    rows = []
    n = 0
    for i, step in enumerate(plan.up_steps, 1):
        for s in step.statements:
            n += 1
            lk = statement_lock(s)
            what = "unknown" if lk is None else lk.marker()
            rows.append(f"| {n} | {i} | {md(_first_line(s))} | {md(what)} |")
    blocks = sum(blocking([statement_lock(s)]) is not None for st in plan.up_steps for s in st.statements)
    return ["", f"<details><summary>Lock per statement ({n} statement(s), {blocks} blocking writes)</summary>",
            "", "| # | step | statement | lock |", "|---:|---:|---|---|", *rows, "", "</details>"]


def _first_line(statement: str, width: int = 100) -> str:
    """The statement on one line (line breaks and the indentation after them as one space), cut at
    ``width`` characters: the full text is in the SQL below. Other control characters stay, for
    :func:`md` to show as escapes."""
    text = re.sub(r"\n *", " ", statement)
    return text if len(text) <= width else text[: width - 1] + "…"


def _fingerprint(plan: Plan) -> str:
    return (f"<sub>schema fingerprint `{plan.fingerprint}`: `forge apply` of a plan saved with "
            "`--out` refuses a database that no longer has it</sub>")
