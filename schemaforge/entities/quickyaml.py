"""A fast reader for the plain subset of YAML that schema files are written in.

Parsing 1,000 entities with libyaml still costs seconds in Python: every event, node and
mark becomes an object, and the round-trip containers record positions nobody reads unless
a file has a problem. Schema files use a small part of YAML: block mappings and sequences,
one-line flow collections (``{ type: text, nullable: true }``), plain and simply quoted
scalars, comments. This module reads exactly that part, line by line, into plain
dict/list/scalars, and raises :class:`Unsupported` at the first thing outside it (block
scalars, multi-line flow or plain scalars, anchors, aliases, tags, escapes, tabs, documents,
complex keys, duplicate keys, anything odd); the caller then uses the full loader, whose
messages and limits the rest of the code is written against.

A plain scalar is typed by the same resolver and constructor as the full loader (memoized by
its text), so ``true``, ``1``, ``1.5``, ``~`` and ``2024-01-01`` read the same on both paths;
the usual ones (names, ``now()``, ``true``, ``0``) by rules proven to agree with it, without
importing it.
``tests/test_quickyaml.py`` checks that both paths give equal data for generated documents.
Positions are not kept: :class:`~schemaforge.entities.loader.Doc` loads them on demand.
"""

from __future__ import annotations

import re
from typing import Any

MAX_DEPTH = 100  # as the full loader's limit: deeper goes to it, which reports the problem
MAX_NUMBER_CHARS = 1000

# YAML's printable characters, minus tab, CR, BOM and the line breaks libyaml knows besides
# LF (NEL, LS, PS): the full loader handles those
_ODD_CHAR = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
_BLOCK_INDICATORS = frozenset("[]{},#&*!|>'\"%@`")
_FLOW_STOP = re.compile(r"[,\[\]{}]| #|:(?=[ ,\[\]{}]|$)")
_BLOCK_COMMENT = re.compile(" #")
_LITERAL = re.compile(r"\|(-?)(?: +#.*)?")  # a literal block scalar's header: clip or strip
# the common flow mapping: plain keys; plain or double-quoted values (no escapes), flow
# sequences of such scalars (an index's ``columns: [a, b]``) and, one level down, flow mappings
# of all that (a foreign key's ``references: { table: t, columns: [id] }``); no comment inside
_SCALARS = r"""(?:[^{}\[\]'"#\\]|"[^"\\]*")"""
_SEQ = rf"\[{_SCALARS}*\]"
_INNER = rf"\{{(?:{_SCALARS}|{_SEQ})*\}}"
_SIMPLE_FLOW = re.compile(rf"\{{((?:{_SCALARS}|{_SEQ}|{_INNER})*)\}}(?: +#.*)?")
_FLOW_ENTRY = re.compile(rf' *([A-Za-z0-9_][A-Za-z0-9_.\-]*)(?: *:(?: +("[^"]*"|{_SEQ}|{_INNER}|[^,"\[\]{{}}]*))?)? *(,|$)')
_SEQ_ITEM = re.compile(r' *(?:("[^"]*") *|([^,"]*))(,|$)')


# A plain scalar that is a word (a letter or _, then letters, digits and _) is a string to the
# resolver unless it is one of these, in any case (YAML 1.1 and 1.2 booleans and nulls, a superset):
# every other implicit type (numbers, dates, .inf, ~, <<, =) starts with another character
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_RESOLVED_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "null"})
# The resolver picks its candidate types by a scalar's first character. After a letter or _
# they are booleans and nulls only, which are words: any other text that starts so (``now()``,
# ``a b``, ``x.y``) is a string. And the spellings both YAML 1.1 and 1.2 give one value, with
# decimal integers without sign, leading zero or separator: a schema file's usual plain scalars
# are typed without loading the full loader at all (tests/test_quickyaml.py checks each rule
# against the resolver).
_LETTER_FIRST = re.compile(r"[A-Za-z_]")
_AGREED = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
           "null": None, "Null": None, "NULL": None, "~": None}
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,17}")


class Unsupported(Exception):
    """Outside the subset: use the full loader."""


class _Scalars:
    """Plain scalar text → value, through the full loader's own resolver and constructor."""

    def __init__(self) -> None:
        self.memo: dict[str, Any] = {}
        self.loader: Any = None

    def __call__(self, text: str) -> Any:
        try:
            return self.memo[text]
        except KeyError:
            pass
        if _LETTER_FIRST.match(text) and text.lower() not in _RESOLVED_WORDS:
            self.memo[text] = text  # a name, or text no boolean or null spells: a string
            return text
        if text in _AGREED:
            value = self.memo[text] = _AGREED[text]
            return value
        if _DECIMAL.fullmatch(text):
            value = self.memo[text] = int(text)
            return value
        if len(text) > MAX_NUMBER_CHARS:
            raise Unsupported
        if self.loader is None:
            from ruamel.yaml.cyaml import CSafeLoader

            self.loader = CSafeLoader("")
        from ruamel.yaml.nodes import ScalarNode

        tag = self.loader.resolve(ScalarNode, text, (True, False))
        if tag == "tag:yaml.org,2002:str":
            value: Any = text
        else:
            try:
                value = self.loader.construct_object(ScalarNode(tag, text), deep=True)
            except (ValueError, OverflowError, TypeError):  # looks like a date, is none
                value = text
            except Exception as exc:  # noqa: BLE001 - e.g. a warning that wants a position
                raise Unsupported from exc
        self.memo[text] = value
        return value


_scalar = _Scalars()


def parse(text: str) -> Any:
    """The document's data (None when empty), or :class:`Unsupported`."""
    if _ODD_CHAR.search(text) is not None:
        raise Unsupported
    lines: list[tuple[int, str]] = []  # (indent, content) of lines that hold something
    at: list[int] = []  # the index of each of them among all lines
    raw_lines = text.split("\n")
    for n, raw in enumerate(raw_lines):
        content = raw.lstrip(" ")
        if not content or content[0] == "#":
            continue
        if raw.startswith(("---", "...", "%")):
            raise Unsupported  # documents and directives
        lines.append((len(raw) - len(content), content.rstrip(" ")))
        at.append(n)
    if not lines:
        return None
    reader = _Reader(lines, at, raw_lines)
    try:
        value = reader.block(0, lines[0][0], 0)
    except (IndexError, RecursionError) as exc:  # a case not foreseen: the full loader knows
        raise Unsupported from exc
    if reader.i != len(lines):
        raise Unsupported  # a dedent below the first line's indentation: odd, or an error
    return value


class _Reader:
    def __init__(self, lines: list[tuple[int, str]], at: list[int], raw: list[str]) -> None:
        self.lines, self.at, self.raw = lines, at, raw
        self.i = 0

    def block(self, i: int, indent: int, depth: int) -> Any:
        """The block node whose lines start at ``i`` with ``indent``."""
        if depth > MAX_DEPTH:
            raise Unsupported
        self.i = i
        content = self.lines[i][1]
        if content == "-" or content.startswith("- "):
            return self.sequence(indent, depth)
        return self.mapping(indent, depth, first=None)

    def sequence(self, indent: int, depth: int) -> list:
        out: list = []
        while self.i < len(self.lines):
            ind, content = self.lines[self.i]
            if ind < indent:
                break
            if ind > indent:
                raise Unsupported
            if not (content == "-" or content.startswith("- ")):
                break  # the mapping this sequence is a value of goes on (its caller checks)
            rest = content[1:].lstrip(" ")
            if not rest or rest[0] == "#":  # "-" alone: the item is the block below
                out.append(self.nested(indent, depth, same_indent_seq=False))
                continue
            item_indent = ind + (len(content) - len(rest))
            if rest.startswith("- ") or rest == "-":
                raise Unsupported  # "- - a": nested sequence on one line
            if _key_line(rest) is not None:
                out.append(self.mapping(item_indent, depth + 1, first=rest))
            else:
                out.append(self.inline(rest, depth + 1))
                self.i += 1
                self.no_continuation(indent)
        return out

    def mapping(self, indent: int, depth: int, first: str | None) -> dict:
        """A block mapping at ``indent``; ``first``: its first entry's text after a "- "."""
        out: dict = {}
        while self.i < len(self.lines):
            ind, content = self.lines[self.i]
            if first is not None:
                content, first, ind = first, None, indent
            elif ind < indent:
                break
            elif ind > indent:
                raise Unsupported
            kv = _key_line(content)
            if kv is None:
                raise Unsupported
            key_text, rest = kv
            key = _scalar(key_text)
            if not isinstance(key, str) or key in out:
                raise Unsupported  # typed or duplicate keys: the full loader's business
            literal = _LITERAL.fullmatch(rest) if rest else None
            if literal is not None:
                out[key] = self.literal(indent, strip=bool(literal.group(1)))
                self.no_continuation(indent)
            elif rest:
                out[key] = self.inline(rest, depth + 1)
                self.i += 1
                self.no_continuation(indent)
            else:
                out[key] = self.nested(indent, depth, same_indent_seq=True)
        return out

    def literal(self, parent: int, *, strip: bool) -> str:
        """A ``|`` or ``|-`` block scalar below the current line (a view's SQL, a body).

        Its indentation is its first line's; it ends at the first line that holds something
        and is indented less. Leading blank lines, lines of only spaces, an end of file with
        no line break and ``|+`` are left to the full loader."""
        raw = self.raw
        k = self.at[self.i] + 1
        if k >= len(raw) or not raw[k].strip(" "):
            raise Unsupported
        width = len(raw[k]) - len(raw[k].lstrip(" "))
        if width <= parent:
            raise Unsupported
        body: list[str] = []
        while k < len(raw):
            line = raw[k]
            if line == "":
                body.append("")
            elif not line.strip(" "):
                raise Unsupported
            elif len(line) - len(line.lstrip(" ")) < width:
                break
            else:
                body.append(line[width:])
            k += 1
        if k == len(raw) and raw[-1] != "":
            raise Unsupported  # no line break at the end of the file
        while body and body[-1] == "":
            body.pop()
        while self.i < len(self.lines) and self.at[self.i] < k:
            self.i += 1
        return "\n".join(body) + ("" if strip else "\n")

    def nested(self, indent: int, depth: int, *, same_indent_seq: bool) -> Any:
        """The value below a key or "-" with nothing after it (None when nothing is there)."""
        self.i += 1
        if self.i >= len(self.lines):
            return None
        ind, content = self.lines[self.i]
        if ind > indent:
            return self.block(self.i, ind, depth + 1)
        if same_indent_seq and ind == indent and (content == "-" or content.startswith("- ")):
            return self.block(self.i, ind, depth + 1)
        return None

    def no_continuation(self, indent: int) -> None:
        """A line deeper than the entry that ended on one line continues a scalar (or is an error)."""
        if self.i < len(self.lines) and self.lines[self.i][0] > indent:
            raise Unsupported

    def inline(self, text: str, depth: int) -> Any:
        """A value that ends on its line: flow collection, quoted or plain scalar."""
        c = text[0]
        if c == "{":
            simple = _simple_flow(text)
            if simple is not None:
                return simple
        if c in "[{":
            value, end = _flow(text, 0, depth)
            _only_comment(text, end)
            return value
        if c in "'\"":
            value, end = _quoted(text, 0)
            _only_comment(text, end)
            return value
        return _plain_block(text)


# a schema repeats its column specs: 15,000 flows, 3,000 texts; (the mapping, whether it holds containers)
_SIMPLE_MEMO: dict[str, tuple[dict, bool] | None] = {}


def _simple_flow(text: str) -> dict | None:
    """``{ a: b, c: [d, e] }`` read with regular expressions; None: let :func:`_flow` read it.
    Each text is read once: the answer is copied out, its lists too, so no two nodes share one."""
    try:
        found = _SIMPLE_MEMO[text]
    except KeyError:
        if len(_SIMPLE_MEMO) > 100_000:
            _SIMPLE_MEMO.clear()
        read = _read_simple_flow(text)
        found = _SIMPLE_MEMO[text] = None if read is None else (
            read, any(type(v) is list or type(v) is dict for v in read.values()))
    if found is None:
        return None
    return _copy(found[0]) if found[1] else dict(found[0])


def _copy(value: Any) -> Any:
    if type(value) is dict:
        return {k: _copy(v) for k, v in value.items()}
    if type(value) is list:
        return [_copy(v) for v in value]
    return value


def _read_simple_flow(text: str) -> dict | None:
    m = _SIMPLE_FLOW.fullmatch(text)
    if m is None:
        return None
    out: dict = {}
    inner = m.group(1).strip(" ")
    pos = 0
    while pos < len(inner):
        e = _FLOW_ENTRY.match(inner, pos)
        if e is None or e.end() == pos or (e.group(3) == "," and e.end() >= len(inner)):
            return None  # not an entry, or a trailing comma
        pos = e.end()
        key = _scalar(e.group(1))
        value = e.group(2)
        if not isinstance(key, str) or key in out:
            return None
        if value is None:
            out[key] = None
            continue
        value = value.rstrip(" ")
        if value.startswith('"'):
            out[key] = value[1:-1]
            continue
        if value.startswith("["):
            items = _simple_items(value[1:-1])
            if items is None:
                return None
            out[key] = items
            continue
        if value.startswith("{"):
            nested = _read_simple_flow(value)  # its own values: scalars or sequences only
            if nested is None:
                return None
            out[key] = nested
            continue
        if not _plain_in_flow(value):
            return None
        out[key] = _scalar(value)
    return out


def _plain_in_flow(value: str) -> bool:
    """A plain scalar inside a flow collection that reads as itself ("?x" is an explicit key to
    libyaml, "a: b" a pair, "- x" a block sequence)."""
    return bool(value) and ":" not in value and value[0] not in _BLOCK_INDICATORS and value[0] not in "?:" \
        and value[:2] != "- " and value != "-"


def _simple_items(inner: str) -> list | None:
    """The items of ``[a, "b c"]`` (without its brackets); None: not that simple."""
    if not inner.strip(" "):
        return []
    out: list = []
    pos = 0
    while True:
        m = _SEQ_ITEM.match(inner, pos)
        if m is None:
            return None
        quoted, plain, comma = m.groups()
        if quoted is not None:
            out.append(quoted[1:-1])
        else:
            plain = plain.strip(" ")
            if not _plain_in_flow(plain):
                return None  # also an empty entry: "[a,,b]", "[a, ]"
            out.append(_scalar(plain))
        if not comma:
            return out
        pos = m.end()


def _key_line(content: str) -> tuple[str, str] | None:
    """``key: rest`` (rest may be empty) for a plain key, else None."""
    m = _KEY.match(content)
    if m is None:
        return None
    end = m.end()
    if end >= len(content) or content[end] != ":":
        return None
    after = content[end + 1:]
    if after and after[0] != " ":
        return None  # "a:b" is one scalar
    rest = after.lstrip(" ")
    if rest.startswith("#"):
        rest = ""
    return content[:end], rest


def _plain_block(text: str) -> Any:
    if text[0] in _BLOCK_INDICATORS or text[0] in "?:" or text[:2] == "- " or text == "-":
        raise Unsupported
    m = _BLOCK_COMMENT.search(text)
    value = (text[: m.start()] if m else text).rstrip(" ")
    if ": " in value or value.endswith(":"):
        raise Unsupported  # "a: b: c" is an error the full loader reports
    return _scalar(value)


def _only_comment(text: str, end: int) -> None:
    rest = text[end:]
    stripped = rest.lstrip(" ")
    if stripped and not (stripped[0] == "#" and len(stripped) < len(rest)):
        raise Unsupported


def _quoted(text: str, pos: int) -> tuple[str, int]:
    q = text[pos]
    if q == "'":
        out = []
        i = pos + 1
        while True:
            j = text.find("'", i)
            if j < 0:
                raise Unsupported  # continues on the next line
            out.append(text[i:j])
            if text.startswith("''", j):
                out.append("'")
                i = j + 2
                continue
            return "".join(out), j + 1
    j = text.find('"', pos + 1)
    if j < 0 or "\\" in text[pos + 1:j]:
        raise Unsupported  # escapes, or continues on the next line
    return text[pos + 1:j], j + 1


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _flow(text: str, pos: int, depth: int) -> tuple[Any, int]:
    """A flow mapping or sequence starting at ``pos``; returns it and the position after it."""
    if depth > MAX_DEPTH:
        raise Unsupported
    opener = text[pos]
    closer = "}" if opener == "{" else "]"
    out: Any = {} if opener == "{" else []
    pos = _skip(text, pos + 1)
    while True:
        if pos >= len(text):
            raise Unsupported  # continues on the next line
        if text[pos] == closer:
            return out, pos + 1
        if opener == "{":
            key, pos = _flow_item(text, pos, depth, key=True)
            if not isinstance(key, str) or key in out:
                raise Unsupported
            pos = _skip(text, pos)
            if pos < len(text) and text[pos] == ":":
                pos = _skip(text, pos + 1)
                if pos < len(text) and text[pos] in ",}":
                    value = None
                else:
                    value, pos = _flow_item(text, pos, depth, key=False)
            else:
                value = None  # "{a, b: 1}": a key without a value
            out[key] = value
        else:
            item, pos = _flow_item(text, pos, depth, key=False)
            if _skip(text, pos) < len(text) and text[_skip(text, pos)] == ":":
                raise Unsupported  # "[a: b]": a one-pair mapping in a sequence
            out.append(item)
        pos = _skip(text, pos)
        if pos >= len(text):
            raise Unsupported
        if text[pos] == ",":
            pos = _skip(text, pos + 1)
            if pos < len(text) and text[pos] in ",]}":
                raise Unsupported  # an empty entry or a trailing comma
        elif text[pos] != closer:
            raise Unsupported


def _flow_item(text: str, pos: int, depth: int, *, key: bool) -> tuple[Any, int]:
    if pos >= len(text):
        raise Unsupported  # continues on the next line
    c = text[pos]
    if c in "[{":
        if key:
            raise Unsupported
        return _flow(text, pos, depth + 1)
    if c in "'\"":
        if key:
            raise Unsupported
        return _quoted(text, pos)
    if c in _BLOCK_INDICATORS or c in "?:" or (c == "-" and text[pos + 1:pos + 2] in ("", " ", ",", "]", "}")):
        raise Unsupported  # "?x" in a flow collection is an explicit key to libyaml
    m = _FLOW_STOP.search(text, pos)
    end = m.start() if m else len(text)
    if m is not None and m.group() == " #":
        raise Unsupported  # a comment inside a flow collection
    value = text[pos:end].rstrip(" ")
    if not value or ":" in value:
        raise Unsupported
    return _scalar(value), end
