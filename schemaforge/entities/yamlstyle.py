"""How ``forge import`` lays YAML out: flow style for what reads well on one line, literal blocks
for multi-line text, one fixed emitter configuration, so written files are byte-identical."""

from __future__ import annotations

import os
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

FLOW_WIDTH = 110


def flow(items: dict[str, Any]) -> CommentedMap:
    cm = CommentedMap(items)
    cm.fa.set_flow_style()
    return cm


def flow_seq(items: list) -> CommentedSeq:
    cs = CommentedSeq(items)
    cs.fa.set_flow_style()
    return cs


def short_enough(value: Any) -> bool:
    """Whether a mapping reads well on one line."""
    text = repr(value)
    return len(text) <= FLOW_WIDTH and "\\n" not in text


def maybe_flow(items: dict[str, Any]) -> CommentedMap:
    return flow(items) if short_enough(items) else CommentedMap(items)


def text(value: str) -> Any:
    """Multi-line text as a literal block, the rest as plain (ruamel quotes when needed)."""
    return LiteralScalarString(value) if "\n" in value else value


def dump(doc: CommentedMap) -> str:
    """The document's YAML text: the direct emitter where it covers the document, else ruamel.

    ``FORGE_EMIT_CHECK=1`` (set by the test suite) compares the two on every document."""
    from .emit import Unsupported, emit, ruamel_dump

    try:
        fast = emit(doc)
    except Unsupported:
        return ruamel_dump(doc)
    if os.environ.get("FORGE_EMIT_CHECK") == "1":
        slow = ruamel_dump(doc)
        if fast != slow:
            raise AssertionError(f"the direct YAML emitter differs from ruamel:\n{fast}\n---\n{slow}")
    return fast
