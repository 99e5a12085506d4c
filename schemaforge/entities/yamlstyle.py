"""How ``forge import`` lays YAML out: flow style for what reads well on one line, literal blocks
for multi-line text, one fixed emitter configuration, so written files are byte-identical.

The writer builds plain dicts and lists (block style) and :class:`FlowMap`/:class:`FlowSeq`
(flow style): ruamel's ``CommentedMap`` costs ~8 µs to make and more to walk, and a 1,000-table
import made ~20,000 of them. ruamel's own emitter, where it is needed, gets the same tree in its
types (:func:`ruamel_tree`); ruamel types the writer still makes are taken as they are."""

from __future__ import annotations

import os
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

FLOW_WIDTH = 110


class FlowMap(dict):
    """A mapping written on one line (``{a: 1}``); a plain dict is written as a block."""

    __slots__ = ()


class FlowSeq(list):
    """A sequence written on one line (``[a, b]``); a plain list is written as a block."""

    __slots__ = ()


def flow(items: dict[str, Any]) -> FlowMap:
    return FlowMap(items)


def flow_seq(items: list) -> FlowSeq:
    return FlowSeq(items)


def is_flow(node: Any) -> bool:
    """Whether the emitters write ``node`` (a mapping or sequence) on one line."""
    cls = type(node)
    if cls is FlowMap or cls is FlowSeq:
        return True
    return isinstance(node, (CommentedMap, CommentedSeq)) and bool(node.fa.flow_style())


def ruamel_tree(node: Any) -> Any:
    """``node`` in ruamel's types, each collection in the style :func:`is_flow` gives it."""
    if isinstance(node, dict):
        out: Any = CommentedMap((k, ruamel_tree(v)) for k, v in node.items())
    elif isinstance(node, list):
        out = CommentedSeq(ruamel_tree(v) for v in node)
    else:
        return node
    if is_flow(node):
        out.fa.set_flow_style()
    return out


def short_enough(value: Any) -> bool:
    """Whether a mapping reads well on one line."""
    text = repr(value)
    return len(text) <= FLOW_WIDTH and "\\n" not in text


def maybe_flow(items: dict[str, Any]) -> dict:
    return FlowMap(items) if short_enough(items) else dict(items)


def text(value: str) -> Any:
    """Multi-line text as a literal block, the rest as plain (ruamel quotes when needed)."""
    return LiteralScalarString(value) if "\n" in value else value


def dump(doc: dict) -> str:
    """The document's YAML text: the direct emitter where it covers the document, else ruamel.

    ``FORGE_EMIT_CHECK=1`` (set by the test suite) compares the two on every document."""
    from .emit import Unsupported, emit, ruamel_dump

    try:
        fast = emit(doc)
    except Unsupported:
        return ruamel_dump(ruamel_tree(doc))
    if os.environ.get("FORGE_EMIT_CHECK") == "1":
        slow = ruamel_dump(ruamel_tree(doc))
        if fast != slow:
            raise AssertionError(f"the direct YAML emitter differs from ruamel:\n{fast}\n---\n{slow}")
    return fast
