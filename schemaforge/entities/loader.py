"""Read YAML files keeping the position of every key and value.

ruamel.yaml's round-trip loader records line/column for each mapping key, value and sequence
item (``node.lc``); every later problem is reported at the exact node that caused it, so a
user can jump straight to ``file:line:col``. Parser errors and duplicate keys become
:class:`~schemaforge.errors.Problem` objects instead of tracebacks.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem

# ruamel.yaml (~40 ms to import with its C parser) is imported where it is used, not with this
# module: the quick reader (``quickyaml``) needs only its scalar resolver, the rest is for
# documents off the quick path and for positions of problems
if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

Path_ = tuple[str | int, ...]

# Limits for untrusted YAML (schema files arrive in pull requests). Real schemas stay far
# below them: the largest example nests 7 levels deep and uses no aliases.
MAX_DEPTH = 100  # nested mappings/sequences; deeper input would exhaust the C stack
MAX_ALIAS_NODES = 100_000  # nodes added by expanding aliases ("billion laughs" stops here)
MAX_NUMBER_CHARS = 1000  # a plain scalar that reads as a number (Python refuses > 4,300 digits)
# The core schema's tags; anything else (``!!python/object``, ``!foo``) is refused.
_ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq")} | {"!"}
_NUMBER_LIKE = re.compile(r"[-+]?(0[xXoObB])?[0-9a-fA-F_:.]+([eE][-+]?[0-9_]+)?")


@dataclass
class Doc:
    """One loaded YAML file: its display name and its data (None if empty).

    ``data`` read by the quick path (:mod:`.quickyaml`) is plain and knows no positions;
    ``text`` is kept so that the first question about a position loads them (only files
    with a problem ever do). Data from the full loader carries its positions (``.lc``).
    """

    file: str
    data: Any
    text: str | None = None
    _tree: Any = field(default=None, repr=False, compare=False)

    def positioned(self) -> Any:
        """The data with positions, loaded on first use."""
        if self.text is None:
            return self.data
        if self._tree is None:
            self._tree = _positioned(self.text)
        return self._tree

    def pos(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, col) of the node at ``path`` (see :func:`node_pos`)."""
        return node_pos(self.positioned(), path, key=key)

    def keep_positions(self) -> None:
        """Make ``data`` the positioned tree, before it is changed (pruned) in place."""
        self.data = self.positioned()
        self.text = None


def _positioned(text: str) -> Any:
    try:
        return _fast_load(text)
    except _Fallback:
        return _round_trip().load(text)


def _round_trip() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def display_name(path: Path) -> str:
    """The path relative to the current directory when possible, as people typed it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


_STR_TAG = "tag:yaml.org,2002:str"


class _Fallback(Exception):
    """The fast path met something it leaves to the round-trip loader."""


def _fast_load(text: str) -> Any:
    """Parse with libyaml (ruamel.yaml.clib) into the same CommentedMap/Seq + ``.lc`` data.

    ruamel's pure-Python round-trip parser takes ~30 s for 1,000 entities; libyaml composes
    the node tree in a fraction of that and every node keeps its start mark, which is all
    ``.lc`` needs. Errors, duplicate keys and merge keys fall back to the round-trip loader,
    whose messages the rest of the code is written against.
    """
    try:
        from ruamel.yaml.cyaml import CSafeLoader
    except ImportError as exc:  # no libyaml build for this platform
        raise _Fallback from exc
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    loader = CSafeLoader(text)
    try:
        root = loader.get_single_node()
    except YAMLError as exc:
        raise _Fallback from exc
    made: dict[int, Any] = {}

    def build(node: Any) -> Any:
        if id(node) in made:
            return made[id(node)]
        if isinstance(node, ScalarNode):
            if node.tag == _STR_TAG:  # most scalars: no constructor needed
                return node.value
            try:
                return loader.construct_object(node, deep=True)
            except (ValueError, OverflowError, TypeError):  # `2024-02-30` looks like a date, is none
                return node.value
        if isinstance(node, SequenceNode):
            seq = CommentedSeq()
            made[id(node)] = seq
            seq._yaml_set_line_col(node.start_mark.line, node.start_mark.column)
            for i, item in enumerate(node.value):
                seq.append(build(item))
                seq._yaml_set_idx_line_col(i, [item.start_mark.line, item.start_mark.column])
            return seq
        if isinstance(node, MappingNode):
            cmap = CommentedMap()
            made[id(node)] = cmap
            cmap._yaml_set_line_col(node.start_mark.line, node.start_mark.column)
            for knode, vnode in node.value:
                if knode.tag == "tag:yaml.org,2002:merge" or not isinstance(knode, ScalarNode):
                    raise _Fallback
                key = build(knode)
                if key in cmap:
                    raise _Fallback  # duplicate key: the round-trip loader reports it
                cmap[key] = build(vnode)
                cmap._yaml_set_kv_line_col(
                    key, [knode.start_mark.line, knode.start_mark.column, vnode.start_mark.line, vnode.start_mark.column]
                )
            return cmap
        raise _Fallback

    try:
        return None if root is None else build(root)
    except YAMLError as exc:
        raise _Fallback from exc
    finally:
        loader.dispose()


def _event_parser(text: str) -> Any:
    try:
        from ruamel.yaml.cyaml import CParser
    except ImportError:  # no libyaml build: the pure-Python parser, also iterative
        from ruamel.yaml.parser import Parser
        from ruamel.yaml.reader import Reader
        from ruamel.yaml.scanner import Scanner

        class _Pure:  # the three parts ruamel's loaders wire together
            def __init__(self, stream: str) -> None:
                self.reader = Reader(stream, loader=self)
                self.scanner = Scanner(loader=self)
                self.parser = Parser(loader=self)
                self.resolver = None

            def get_event(self) -> Any:
                return self.parser.get_event()

            def dispose(self) -> None:
                self.parser.dispose()

        return _Pure(text)
    return CParser(text)


def _limit_problem(file: str, mark: Any, message: str, hint: str) -> Problem:
    return Problem(file, mark.line + 1, mark.column + 1, message, hint)


def _surrogate_problem(file: str, mark: Any) -> Problem:
    return _limit_problem(file, mark, "a \\u escape of half a character (a UTF-16 surrogate, \\ud800-\\udfff) "
                          "is not text PostgreSQL can store",
                          "write the character itself, or escape it as one code point: \\U0001F980, "
                          "not \\ud83e\\udd80 as JSON writes it")


def check_limits(text: str, file: str) -> Problem | None:
    """Refuse, before anything is built, what could hang or crash the loader.

    One pass over the parser's events (iterative, constant stack): nesting depth, nodes added
    by expanding aliases (an alias bomb of a few hundred bytes expands to gigabytes), aliases
    to an anchor still being defined (a recursive structure), tags outside the core schema,
    and numbers too long for Python's ``int``. Syntax errors are left to the loader, whose
    messages are better.
    """
    from ruamel.yaml.error import YAMLError

    parser = _event_parser(text)
    sizes: dict[str, int] = {}  # anchor -> expanded size of its node
    stack: list[list[Any]] = []  # [anchor, size so far] per open collection
    expanded = 0
    try:
        while True:
            try:
                event = parser.get_event()
            except YAMLError as exc:
                # libyaml refuses a surrogate escape (``"\\ud83e\\udd80"``, as JSON writes 🦀) that the
                # loader would turn into half characters no database can store; other syntax
                # errors are the loader's to report
                mark = getattr(exc, "problem_mark", None)
                if "invalid Unicode character escape" in str(exc) and mark is not None:
                    return _surrogate_problem(file, mark)
                return None
            kind = type(event).__name__
            if kind == "StreamEndEvent":
                return None
            if kind in ("MappingEndEvent", "SequenceEndEvent"):
                anchor, size = stack.pop()
                if anchor is not None:
                    sizes[anchor] = size
                if stack:
                    stack[-1][1] += size
                continue
            if kind not in ("ScalarEvent", "AliasEvent", "MappingStartEvent", "SequenceStartEvent"):
                continue
            mark = event.start_mark
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _ALLOWED_TAGS:
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                return _limit_problem(file, mark, f"the YAML tag '{shown}' is not allowed",
                                      "schema files use plain YAML values: remove the tag "
                                      "(quote the value to make it a string)")
            if kind == "AliasEvent":
                if any(frame[0] == event.anchor for frame in stack):
                    return _limit_problem(file, mark, f"alias '*{event.anchor}' refers to a node that contains it",
                                          "a recursive structure cannot describe a schema: copy the values instead")
                size = sizes.get(event.anchor, 1)
                expanded += size
                if expanded > MAX_ALIAS_NODES:
                    return _limit_problem(file, mark, f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes",
                                          "an alias copies its whole anchored node; use fewer or smaller aliases")
                if stack:
                    stack[-1][1] += size
            elif kind == "ScalarEvent":
                value = event.value
                if (len(value) > MAX_NUMBER_CHARS and not event.style and _NUMBER_LIKE.fullmatch(value)):
                    return _limit_problem(file, mark, f"a number of {len(value):,} characters is too long "
                                          f"(the limit is {MAX_NUMBER_CHARS:,})", "quote it if it is text")
                if _SURROGATE.search(value) is not None:  # the pure-Python parser lets them through
                    return _surrogate_problem(file, mark)
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                if stack:
                    stack[-1][1] += 1
            else:
                if len(stack) >= MAX_DEPTH:
                    return _limit_problem(file, mark, f"nesting deeper than {MAX_DEPTH} levels",
                                          "schema files nest a few levels deep; check the brackets and indentation")
                stack.append([event.anchor, 1])
    finally:
        parser.dispose()


_SURROGATE = re.compile("[\ud800-\udfff]")  # what a \uD83E escape gives: half a character


def load_text(text: str, file: str) -> tuple[Doc | None, list[Problem]]:
    """Parse one YAML document; on failure return the problem at the parser's mark."""
    from . import quickyaml

    try:
        return Doc(file, quickyaml.parse(text), text), []
    except quickyaml.Unsupported:
        pass
    limit = check_limits(text, file)
    if limit is not None:
        return None, [limit]
    try:
        return Doc(file, _fast_load(text)), []
    except _Fallback:
        pass
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = _round_trip().load(text)
    except MarkedYAMLError as exc:
        return None, [_marked_problem(exc, file)]
    except YAMLError as exc:  # unmarked: rare
        return None, [Problem(file, 1, 1, f"invalid YAML: {exc}")]
    except (ValueError, OverflowError, TypeError) as exc:  # a value that looks like a date, is none
        return None, [Problem(file, 1, 1, f"invalid YAML value: {exc}", hint="quote values that are text")]
    return Doc(file, data), []


def load_file(path: Path) -> tuple[Doc | None, list[Problem]]:
    file = display_name(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(file, 1, 1, f"cannot read file: {exc.strerror or exc}")]
    return load_bytes(raw, path)


def load_bytes(raw: bytes, path: Path) -> tuple[Doc | None, list[Problem]]:
    """:func:`load_file` of bytes already read from ``path``."""
    file = display_name(path)
    text, problem = decode_utf8(raw, file)
    if problem is not None:
        return None, [problem]
    return load_text(text, file)


def decode_utf8(raw: bytes, file: str) -> tuple[str, Problem | None]:
    """The text of a file, or a problem at the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        return "", Problem(file, line, col, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                           hint="save the file as UTF-8")


def _marked_problem(exc: MarkedYAMLError, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "").strip()
    if type(exc).__name__ == "DuplicateKeyError":
        key = problem.split('"')[1] if problem.count('"') >= 2 else "?"
        orig = exc.context_mark
        where = f" (first defined at line {orig.line + 1})" if orig else ""
        return Problem(file, line, col, f"duplicate key '{key}'{where}",
                       hint="each key may appear only once in a mapping; merge or rename the entries")
    context = (exc.context or "").strip()
    if "<stream end>" in problem and exc.context_mark and "flow" in context:
        what = "flow mapping { }" if "mapping" in context else "flow sequence [ ]"
        closer = "}" if "mapping" in context else "]"
        m = exc.context_mark
        return Problem(file, m.line + 1, m.column + 1,
                       f"invalid YAML: this {what.split()[0]} {what.split()[1]} is never closed "
                       f"(expected ',' or '{closer}' before the end of the file)",
                       hint=f"add the missing '{closer}'")
    message = f"invalid YAML: {problem}" + (f" ({context})" if context and context != problem else "")
    hint = None
    if "mapping values are not allowed" in problem:
        hint = "check the indentation, or quote a value that contains ': '"
    elif "found character '\\t'" in problem or "\\t" in problem:
        hint = "YAML does not allow tabs for indentation; use spaces"
    return Problem(file, line, col, message, hint)


def _pos(lc_pair: Any) -> tuple[int, int]:
    return int(lc_pair[0]) + 1, int(lc_pair[1]) + 1


def node_pos(root: Any, path: Path_, *, key: bool = False) -> tuple[int, int]:
    """1-based (line, col) of the node at ``path``; ``key=True`` points at the mapping key.

    Walks as deep as the data allows, so a path into a missing node falls back to the
    closest existing ancestor.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    line, col = 1, 1
    node = root
    for i, step in enumerate(path):
        last = i == len(path) - 1
        try:
            if isinstance(node, CommentedMap) and step not in node:
                step = next((k for k in node if str(k) == str(step)), step)
            if isinstance(node, CommentedMap) and step in node:
                if last and key:
                    line, col = _pos(node.lc.key(step))
                else:
                    line, col = _pos(node.lc.value(step))
                node = node[step]
            elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
                line, col = _pos(node.lc.item(step))
                node = node[step]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    if not path and isinstance(root, CommentedMap | CommentedSeq):
        with contextlib.suppress(AttributeError, TypeError):
            line, col = root.lc.line + 1, root.lc.col + 1
    return line, col


def plain(node: Any) -> Any:
    """The same data as plain dict/list/str/int/float/bool, for JSON Schema validation."""
    if isinstance(node, dict):
        return {str(k) if k is not None else "null": plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return str(node)  # dates, timestamps: JSON has none
