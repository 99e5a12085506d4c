"""The YAML side of collations (``collations:``): meaning checks, the model, the writer's nodes."""

from __future__ import annotations

from typing import Any

from ..model import Collation
from ..model.collations import collation_of
from .loader import Doc


def check_collations(rep, doc: Doc) -> None:
    """What ``CREATE COLLATION`` would refuse, each at its node."""
    data = doc.data if isinstance(doc.data, dict) else {}
    for name, spec in (data.get("collations") or {}).items():
        if not isinstance(spec, dict):
            continue
        here = ("collations", name)
        provider = spec.get("provider", "libc")
        lc = [k for k in ("lc_collate", "lc_ctype") if k in spec]
        if provider != "libc" and lc:
            rep.add(doc, here + (lc[0],), f"collation '{name}': {lc[0]} is for provider libc only", key=True,
                    hint="give locale: for an icu or builtin collation")
        elif "locale" not in spec and len(lc) != 2:
            rep.add(doc, here, f"collation '{name}' needs a locale"
                    + (" (or both lc_collate and lc_ctype)" if provider == "libc" else ""),
                    hint="e.g. locale: und-u-ks-level2 (icu), C.UTF-8 (builtin), C (libc)")
        elif "locale" in spec and lc:
            rep.add(doc, here + (lc[0],), f"collation '{name}': give locale or lc_collate and lc_ctype, not both",
                    key=True)
        if spec.get("deterministic") is False and provider != "icu":
            rep.add(doc, here + ("deterministic",), f"collation '{name}': only icu collations can be nondeterministic",
                    hint="use provider: icu, or remove deterministic: false")


def build_collations(data: dict, schema: str) -> list[Collation]:
    return [collation_of(str(spec.get("schema") or schema), str(name), spec.get("provider", "libc"), spec.get("locale"),
                         spec.get("lc_collate"), spec.get("lc_ctype"), bool(spec.get("deterministic", True)),
                         spec.get("comment"))
            for name, spec in (data.get("collations") or {}).items()]


def collation_node(c: Collation) -> dict[str, Any]:
    node: dict[str, Any] = {}
    if c.provider != "libc":
        node["provider"] = c.provider
    for key in ("locale", "lc_collate", "lc_ctype"):
        if getattr(c, key) is not None:
            node[key] = getattr(c, key)
    if not c.deterministic:
        node["deterministic"] = False
    if c.comment is not None:
        node["comment"] = c.comment
    return node
