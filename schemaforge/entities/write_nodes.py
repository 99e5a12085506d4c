"""YAML nodes for the small pieces of a model ``forge import`` writes: sequence options, checks,
extensions (the shortest form that builds back to the same model)."""

from __future__ import annotations

from typing import Any

from ..model import Extension, SequenceOptions
from .yamlstyle import flow, maybe_flow


def sequence_options(o: SequenceOptions) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("start", "increment", "min_value", "max_value", "cache"):
        if getattr(o, key) is not None:
            out[key] = getattr(o, key)
    if o.cycle:
        out["cycle"] = True
    return out


def check_node(ck) -> Any:
    """A check as its expression, or a mapping when it is NO INHERIT or has a comment."""
    if not (ck.no_inherit or ck.comment is not None or not ck.valid or not ck.enforced):
        return ck.expression
    spec: dict[str, Any] = {"expression": ck.expression}
    if ck.no_inherit:
        spec["no_inherit"] = True
    if not ck.valid:
        spec["valid"] = False
    if not ck.enforced:
        spec["enforced"] = False
    if ck.comment is not None:
        spec["comment"] = ck.comment
    return maybe_flow(spec)


def extension_node(e: Extension) -> Any:
    """A name alone, or a map when the schema is not public or a version is pinned."""
    spec: dict[str, Any] = {"name": e.name}
    if e.schema not in (None, "public"):
        spec["schema"] = e.schema
    if e.version is not None:
        spec["version"] = e.version
    return e.name if len(spec) == 1 else flow(spec)
