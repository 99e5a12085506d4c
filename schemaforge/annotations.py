"""GitHub Actions annotations: ``::warning file=…,line=…,col=…,title=SF301::message`` lines.

``forge plan --format github`` prints one per hazard of the plan, at the YAML node that caused
it (:mod:`schemaforge.entities.sources`): a new column's declaration, the entity that lost a
column, the index that is built. A hazard whose object the YAML no longer holds (a dropped
table) has no ``file``: GitHub shows it on the run's summary. ``forge lint --format github``
uses the same :func:`annotation`.

A workflow command is one line, parsed by the runner: every value here may come from a hostile
YAML name, so :func:`escape` shows every control character as an escape first (``\\n``,
``\\x1b``, ``\\u2028``: nothing can end the line or smuggle a second command), then applies
GitHub's own escaping (``%`` ``\\r`` ``\\n``; in properties also ``:`` and ``,``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Column
from .terminal import printable

if TYPE_CHECKING:
    from . import changes as ch
    from .entities.sources import Source, Sources
    from .planner import Plan


def escape(text: str, *, prop: bool = False) -> str:
    """``text`` safe inside a workflow command: a message, or (``prop``) a property value."""
    text = printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def annotation(level: str, message: str, *, file: str | None = None, line: int | None = None,
               col: int | None = None, title: str | None = None) -> str:
    """One workflow command line; ``level``: error, warning or notice."""
    props = [f"{k}={escape(str(v), prop=True)}" for k, v in
             (("file", file), ("line", line), ("col", col), ("title", title)) if v is not None]
    return f"::{level} {','.join(props)}::{escape(message)}" if props else f"::{level}::{escape(message)}"


# the keys of a change's objects, most specific first: where an annotation points
_PREFERENCE = ("column", "constraint", "name", "table", "relation", "type", "sequence", "function", "extension",
               "schema")


def source_of(change: ch.Change, sources: Sources) -> Source | None:
    """The YAML node of the object ``change`` is about, or of the table it belongs to."""
    own = (*change.provides(), *change.alters(), *change.removes())
    # a routine by its identity: the YAML declares it (and its overloads) under its name
    keys = [("function", *k[1:3]) if k and k[0] == "routine" else k for k in own]
    keys = [k for k in keys if k and k[0] in _PREFERENCE]
    keys.sort(key=lambda k: _PREFERENCE.index(k[0]))
    table = getattr(change, "table", None)
    qname = getattr(table, "qname", table)  # a Table, or the QName of one
    if hasattr(qname, "schema") and hasattr(qname, "name"):
        columns = [v.name for v in (getattr(change, "column", None), getattr(change, "new", None))
                   if isinstance(v, Column)]
        keys = [*(("column", qname.schema, qname.name, c) for c in columns), *keys,
                ("table", qname.schema, qname.name), ("relation", qname.schema, qname.name)]
    return sources.find(*keys)


def plan_annotations(plan: Plan, sources: Sources) -> list[str]:
    """One line per hazard of ``plan``, in plan order, each at its change's YAML."""
    from .hazards import BY_CODE

    out = []
    for change, h in plan.hazards:
        src = source_of(change, sources)
        entry = BY_CODE.get(h.code)
        message = f"{change.describe()} ({change.subject}): {h.message}"
        if entry is not None:
            message += f". Fix: {entry.fix}"
        out.append(annotation(h.level, message, title=h.code or h.kind,
                              file=src.file if src else None, line=src.line if src else None,
                              col=src.col if src else None))
    return out
