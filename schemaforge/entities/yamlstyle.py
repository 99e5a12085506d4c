"""How ``forge import`` lays YAML out: flow style for what reads well on one line, literal blocks
for multi-line text, one fixed emitter configuration, so written files are byte-identical."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
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
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump(doc, buf)
    return buf.getvalue()
