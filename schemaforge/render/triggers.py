"""SQL for triggers: ``CREATE [OR REPLACE] TRIGGER``, ``CREATE CONSTRAINT TRIGGER ... [FROM t]
[NOT] DEFERRABLE INITIALLY ...`` (never replaced: PostgreSQL has no ``OR REPLACE`` for them),
``ALTER TABLE ... ENABLE/DISABLE TRIGGER``, ``COMMENT ON TRIGGER``. The ``WHEN`` condition is a checked expression; names,
columns and the function are quoted, arguments are literals."""

from __future__ import annotations

from .. import changes as ch
from ..model import QName, Trigger
from .locks import tagged
from .registry import renders
from .sql import comment_sql, literal, q, qq

_STATE = {"origin": "ENABLE", "disabled": "DISABLE", "replica": "ENABLE REPLICA", "always": "ENABLE ALWAYS"}


def trigger_sql(table: QName, t: Trigger, *, replace: bool = False) -> str:
    events = []
    for e in t.events:
        if e == "update" and t.update_of:
            events.append("UPDATE OF " + ", ".join(q(c) for c in t.update_of))
        else:
            events.append(e.upper())
    kind = "CONSTRAINT TRIGGER" if t.constraint else "TRIGGER"
    text = f"CREATE {'OR REPLACE ' if replace else ''}{kind} {q(t.name)} {t.timing.upper()} {' OR '.join(events)} ON {qq(table)}"
    if t.constraint:
        if t.from_table is not None:
            text += f" FROM {qq(t.from_table)}"
        text += " DEFERRABLE" if t.deferrable else " NOT DEFERRABLE"
        text += " INITIALLY DEFERRED" if t.initially_deferred else " INITIALLY IMMEDIATE"
    transition = [f"{which} TABLE AS {q(name)}" for which, name in (("OLD", t.old_table), ("NEW", t.new_table)) if name]
    if transition:
        text += " REFERENCING " + " ".join(transition)
    text += f" FOR EACH {'ROW' if t.for_each_row else 'STATEMENT'}"
    if t.when is not None:
        text += f" WHEN ({t.when})"
    args = ", ".join(literal(a) for a in t.arguments)
    return text + f" EXECUTE FUNCTION {qq(t.function)}({args})"


def state_sql(table: QName, name: str, state: str) -> str:
    return tagged("trigger", f"ALTER TABLE {qq(table)} {_STATE[state]} TRIGGER {q(name)}")


def _comment(table: QName, name: str, text: str | None):
    return comment_sql("TRIGGER", f"{q(name)} ON {qq(table)}", text)


@renders(ch.CreateTrigger)
def _create(c: ch.CreateTrigger) -> list[str]:
    t = c.trigger
    out = [tagged("trigger", trigger_sql(c.table, t))]
    if t.enabled != "origin":
        out.append(state_sql(c.table, t.name, t.enabled))
    if t.comment is not None:
        out.append(_comment(c.table, t.name, t.comment))
    return out


@renders(ch.DropTrigger)
def _drop(c: ch.DropTrigger) -> list[str]:
    return [tagged("trigger", f"DROP TRIGGER {q(c.trigger.name)} ON {qq(c.table)}")]


@renders(ch.ReplaceTrigger)
def _replace(c: ch.ReplaceTrigger) -> list[str]:
    out = [tagged("trigger", trigger_sql(c.table, c.new, replace=True))]
    if c.old.enabled != c.new.enabled:
        out.append(state_sql(c.table, c.new.name, c.new.enabled))
    if c.old.comment != c.new.comment:
        out.append(_comment(c.table, c.new.name, c.new.comment))
    return out


@renders(ch.EnableTrigger)
def _enable(c: ch.EnableTrigger) -> list[str]:
    return [state_sql(c.table, c.name, c.new)]


@renders(ch.CommentTrigger)
def _comment_trigger(c: ch.CommentTrigger) -> list[str]:
    return [_comment(c.table, c.name, c.new)]
