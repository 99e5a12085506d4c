"""Constraint triggers and views' triggers in YAML: where they are allowed, checked before
anything is built. PostgreSQL's own rules, said at the YAML's line with the fix:

- a constraint trigger (``constraint: true``) is ``AFTER ... FOR EACH ROW`` only; ``deferrable``,
  ``initially_deferred`` and ``from`` (the table of its ``FROM`` clause) belong to one, and
  ``initially_deferred`` needs ``deferrable``;
- on a view, ``instead of`` fires per row and ``before``/``after`` per statement; a view's
  trigger cannot be disabled (``ALTER TABLE ... DISABLE TRIGGER`` refuses views) nor fire on
  truncate, and a materialized view has none. (A constraint trigger, ``update_of`` and ``when``
  are not among a view trigger's keys in the JSON Schema: refused as unknown keys.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .. import fragments as F
from .loader import Doc

Add = Callable[..., None]
_CONSTRAINT_ONLY = ("deferrable", "initially_deferred", "from")


def view_trigger_specs(doc: Doc) -> Iterator[tuple[tuple, str, dict, bool]]:
    """(YAML path, name, spec, materialized) of every trigger under ``views:``."""
    data = doc.data if isinstance(doc.data, dict) else {}
    views = data.get("views")
    for vname, view in views.items() if isinstance(views, dict) else ():
        trg = view.get("triggers") if isinstance(view, dict) else None
        for tname, spec in trg.items() if isinstance(trg, dict) else ():
            if isinstance(spec, dict):
                yield ("views", vname, "triggers", tname), str(tname), spec, bool(view.get("materialized"))


def check_constraint_trigger(add: Add, what: str, path: tuple, spec: dict) -> None:
    """``constraint``, ``deferrable``, ``initially_deferred`` and ``from`` of a table's trigger."""
    if not spec.get("constraint"):
        for key in _CONSTRAINT_ONLY:
            if key in spec:
                add(path + (key,), f"{what}: {key} is for constraint triggers only", key=True,
                    hint="add constraint: true, or remove " + key)
        return
    if spec.get("timing") != "after":
        add(path + ("timing",), f"{what}: a constraint trigger fires after, not {spec.get('timing')!s}",
            hint="write timing: after (PostgreSQL has CREATE CONSTRAINT TRIGGER ... AFTER only)")
    if spec.get("for_each", "row") != "row":
        add(path + ("for_each",), f"{what}: a constraint trigger fires for each row, not per statement",
            hint="remove for_each: statement (or make it a plain trigger: remove constraint: true)")
    if spec.get("initially_deferred") and not spec.get("deferrable"):
        add(path + ("initially_deferred",), f"{what}: initially_deferred needs deferrable: true", key=True,
            hint="add deferrable: true")
    if "from" in spec:
        err = F.name_error(str(spec["from"]), "table name")
        if err:
            add(path + ("from",), f"{what}: from {str(spec['from'])!r} is not accepted: {err}",
                hint="write the referenced table's name, e.g. accounts or billing.accounts")


def check_view_trigger(add: Add, what: str, path: tuple, spec: dict, materialized: bool) -> None:
    """What PostgreSQL allows on a view (see the module's text)."""
    if materialized:
        add(path, f"{what}: a materialized view cannot have triggers", key=True,
            hint="put the trigger on the tables it reads, or make the view a plain one")
        return
    timing, each = spec.get("timing"), spec.get("for_each", "row")
    if timing == "instead of" and each != "row":
        add(path + ("for_each",), f"{what}: an instead of trigger fires for each row", hint="remove for_each: statement")
    elif timing in ("before", "after") and each != "statement":
        add(path + ("timing",), f"{what}: on a view, {timing} triggers fire per statement only",
            hint="write for_each: statement, or timing: instead of for a row trigger")
    if spec.get("enabled", "origin") != "origin":
        add(path + ("enabled",), f"{what}: a view's trigger cannot be {spec['enabled']} (PostgreSQL cannot "
            "disable triggers on views)", hint="remove enabled")
    if "truncate" in (spec.get("events") or []):
        add(path + ("events",), f"{what}: a view has no truncate event", hint="remove truncate")
