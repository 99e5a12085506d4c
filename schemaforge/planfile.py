"""Saved plans (``forge plan --out``): exactly what was reviewed is what ``forge apply`` runs.

The file holds the plan's steps (``up_steps``/``down_steps``: ``{transaction, statements}``)
and, for readers, their statements in order (``up``/``down``). A plan file saved before steps
existed has only ``up``/``down``: each is read as one step.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import __version__
from .errors import ForgeError
from .migrations.files import Step, auto_step, flatten
from .planner import Plan


def save(path: Path, plan: Plan) -> None:
    doc = {
        "schemaforge_plan": 1,
        "tool_version": __version__,
        "fingerprint": plan.fingerprint,
        "destructive": [c.describe() for c in plan.destructive],
        "up": list(plan.up),
        "down": list(plan.down),
        "up_steps": [{"transaction": s.transaction, "statements": list(s.statements)} for s in plan.up_steps],
        "down_steps": [{"transaction": s.transaction, "statements": list(s.statements)} for s in plan.down_steps],
    }
    path.write_text(json.dumps(doc, indent=2) + "\n")


def load(path: Path) -> dict:
    try:
        doc = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ForgeError(f"cannot read plan file {path}: {exc}", hint="create one with `forge plan --out FILE`") from None
    if not isinstance(doc, dict) or doc.get("schemaforge_plan") != 1:
        raise ForgeError(f"{path} is not a schemaforge plan file", hint="create one with `forge plan --out FILE`")
    return doc


def steps(doc: dict, key: str, path: Path | str = "the plan") -> list[Step]:
    """The ``up`` or ``down`` steps of a loaded plan file."""
    flat = doc.get(key, [])
    if not isinstance(flat, list) or not all(isinstance(s, str) for s in flat):
        raise ForgeError(f"{path}: `{key}` is not a list of statements", hint="create a new plan with `forge plan --out`")
    raw = doc.get(f"{key}_steps")
    if raw is None:
        return [auto_step(flat)] if flat else []
    try:
        found = [Step(bool(s["transaction"]), tuple(s["statements"])) for s in raw]
        valid = all(isinstance(s["transaction"], bool) and all(isinstance(x, str) for x in s["statements"])
                    for s in raw)
    except (TypeError, KeyError):
        valid = False
    if not valid or flatten(found) != flat:
        raise ForgeError(f"{path}: `{key}_steps` does not match `{key}`: the file was edited",
                         hint="create a new plan with `forge plan --out FILE` and review it")
    return [s for s in found if s.statements]
