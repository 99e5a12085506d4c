"""A direct YAML emitter for the documents ``forge import`` writes, byte for byte what
``yamlstyle.dump`` (ruamel.yaml, its fixed configuration) writes for them, ~50× faster.

ruamel's emitter spends ~15 ms per table file (tag resolution, scalar analysis for every key
and value); a 1,000-table import spent most of its time there. Import documents use a small
subset of YAML — block and flow mappings and sequences, plain or quoted strings, integers,
booleans, literal blocks — and that subset is written here directly. Whatever a string needs
beyond the plain characters every context accepts, ruamel itself decides (one scalar at a
time, remembered), and anything outside the subset raises :class:`Unsupported`: the caller
then dumps the whole document with ruamel, so the output never depends on which path ran.
The test suite runs with ``FORGE_EMIT_CHECK=1``, which compares both on every import.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from .yamlstyle import is_flow

MAX_LINE = 4000  # ruamel folds lines past its width (4096); such documents take the slow path
# plain in block and flow context alike, as a value or as a key (the resolver still has to
# read it as a string: see _plain)
_SAFE = re.compile(r"[A-Za-z_(][A-Za-z0-9_ ().<>=+*/-]*")
_SEQ_OFFSET, _SEQ_INDENT, _MAP_INDENT = 2, 4, 2  # yamlstyle.dump: indent(mapping=2, sequence=4, offset=2)


class Unsupported(Exception):
    """The document holds something this emitter does not write exactly as ruamel would."""


def emit(doc: dict) -> str:
    out: list[str] = []
    _block_map(doc, 0, out, first_prefix=None)
    text = "".join(out)
    if any(len(line) > MAX_LINE for line in text.split("\n")):
        raise Unsupported("a line ruamel would fold")
    return text


def _block_map(node: dict, indent: int, out: list[str], first_prefix: str | None) -> None:
    """A block mapping at ``indent``; ``first_prefix`` is the ``- `` its first key shares a line with."""
    if not node:
        raise Unsupported("an empty block mapping")
    pad = " " * indent
    for i, (key, value) in enumerate(node.items()):
        lead = first_prefix if (i == 0 and first_prefix is not None) else pad
        k = _key(key, flow=False)
        if isinstance(value, LiteralScalarString):
            out.append(f"{lead}{k}: {_literal(value, indent + _MAP_INDENT)}")
        elif isinstance(value, dict) and not is_flow(value) and value:
            out.append(f"{lead}{k}:\n")
            _block_map(value, indent + _MAP_INDENT, out, None)
        elif isinstance(value, list) and not is_flow(value) and value:
            out.append(f"{lead}{k}:\n")
            _block_seq(value, indent + _SEQ_OFFSET, out)
        else:
            out.append(f"{lead}{k}: {_inline(value)}\n")


def _block_seq(node: list, indent: int, out: list[str]) -> None:
    """A block sequence whose dashes sit at ``indent``."""
    dash = " " * indent + "- "
    for item in node:
        if isinstance(item, dict) and not is_flow(item) and item:
            _block_map(item, indent + _SEQ_INDENT - _SEQ_OFFSET, out, first_prefix=dash)
        elif isinstance(item, (list, LiteralScalarString)) and not is_flow(item):
            raise Unsupported("a block sequence or literal block in a block sequence")
        else:
            out.append(f"{dash}{_inline(item)}\n")


def _inline(value: Any) -> str:
    """A value on one line: a flow collection (or an empty one) or a scalar."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{" + ", ".join(f"{_key(k, flow=True)}: {_inline_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        if any(isinstance(v, dict) and len(v) == 1 for v in value):
            raise Unsupported("a one-pair mapping in a flow sequence (ruamel drops its braces)")
        return "[" + ", ".join(_inline_flow(v) for v in value) + "]"
    return _scalar(value, flow=False)


def _inline_flow(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return _inline(value)
    return _scalar(value, flow=True)


def _scalar(value: Any, *, flow: bool) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return str(value)
    if type(value) is not str:
        raise Unsupported(f"a {type(value).__name__} scalar")
    return value if _plain(value) else _by_ruamel(value, flow)


def _key(key: Any, *, flow: bool) -> str:
    return key if type(key) is str and _plain(key) else _by_ruamel(key, flow, as_key=True)


# the only plain words YAML (1.2, and 1.1 for good measure) reads as something else that _SAFE
# lets through (numbers, timestamps, ~ and .inf start with a character it does not)
_NOT_STRINGS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})


@lru_cache(maxsize=1 << 16)  # the same keys, types and names on every line of every file
def _plain(value: str) -> bool:
    """Whether ruamel writes this string plain in any context, as a key or a value, and YAML
    reads it back as this string (not a bool or null). The rest goes to ruamel, which decides
    how to quote it."""
    return (_SAFE.fullmatch(value) is not None and "  " not in value and not value.endswith(" ")
            and value.lower() not in _NOT_STRINGS)


@lru_cache(maxsize=16384)
def _by_ruamel(value: Any, flow: bool, as_key: bool = False) -> str:
    """How ruamel writes this string as a mapping value (or key) in a block or flow mapping."""
    if type(value) is not str or len(value) > 1000 or not value.isprintable():
        raise Unsupported("a long scalar, or one with breaks or controls ruamel places by column")
    doc = CommentedMap({value: 0} if as_key else {"k": value})
    if flow:
        doc.fa.set_flow_style()
    text = ruamel_dump(doc)
    head = ("{" if flow else "") + ("" if as_key else "k: ")
    tail = (": 0" if as_key else "") + ("}\n" if flow else "\n")
    if not (text.startswith(head) and text.endswith(tail)) or "\n" in text[: -len(tail)]:
        raise Unsupported("a scalar ruamel writes on several lines")
    out = text[len(head): -len(tail)]
    if as_key and out.startswith("?"):
        raise Unsupported("a complex key")
    return out


def _literal(value: str, indent: int) -> str:
    """A literal block (``|``, ``|-``): its header and lines, each at ``indent``."""
    if not value or value[0] in " \n" or value.endswith("\n\n") or "\r" in value or "\t" in value:
        raise Unsupported("a literal block needing an indicator")
    if not all(line.isprintable() for line in value.split("\n")):
        raise Unsupported("a literal block ruamel would quote")
    body = value[:-1] if value.endswith("\n") else value
    pad = " " * indent
    lines = "".join(f"{pad}{line}\n" if line else "\n" for line in body.split("\n"))
    return ("|\n" if value.endswith("\n") else "|-\n") + lines


def ruamel_dump(doc: CommentedMap) -> str:
    """The reference: ruamel.yaml in the one configuration import has always written with."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump(doc, buf)
    return buf.getvalue()
