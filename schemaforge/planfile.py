"""Saved plans (``forge plan --out``): exactly what was reviewed is what ``forge apply`` runs."""

from __future__ import annotations

import json
from pathlib import Path

from . import __version__
from .errors import ForgeError
from .planner import Plan


def save(path: Path, plan: Plan) -> None:
    doc = {
        "schemaforge_plan": 1,
        "tool_version": __version__,
        "fingerprint": plan.fingerprint,
        "destructive": [c.describe() for c in plan.destructive],
        "up": list(plan.up),
        "down": list(plan.down),
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
