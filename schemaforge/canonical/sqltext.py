"""A small exact grammar for the expressions the canonicalizer proves.

Reads both what people write (``qty >= 0``, ``kind IN ('a', 'b')``) and what the catalog
prints (``((name)::text <> ''::text)``, ``(kind = ANY (ARRAY['a'::text]))``) into one tree;
anything outside it (other functions, operators, E'' strings, comments, quoted names) makes
:func:`parse` return None, and the caller leaves the expression to the server.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<str>'(?:[^']|'')*')
  | (?P<num>\d+(?:\.\d+)?)(?![\w.])
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)(?![$"'])
  | (?P<op><>|!=|>=|<=|::|[=<>(),\[\]-])
""", re.VERBOSE)
_TYPE_NAMES = {  # what may follow ``::``
    ("text",): "text", ("integer",): "integer", ("numeric",): "numeric", ("bigint",): "bigint",
    ("character", "varying"): "character varying", ("text", "[", "]"): "text[]", ("jsonb",): "jsonb",
}
COMPARISONS = {"=": "=", "<>": "<>", "!=": "<>", "<": "<", ">": ">", "<=": "<=", ">=": ">="}
SQL_VALUES = frozenset({"current_timestamp", "current_date"})


@dataclass(frozen=True)
class Col:
    name: str


@dataclass(frozen=True)
class Lit:
    kind: str  # int | num | str | bool | null
    value: str  # digits (with a leading - when negative), the string's content, true/false


@dataclass(frozen=True)
class Cast:
    node: object
    type: str


@dataclass(frozen=True)
class Call:
    name: str  # length | lower | now | current_timestamp | current_date
    args: tuple


@dataclass(frozen=True)
class Cmp:
    op: str
    left: object
    right: object


@dataclass(frozen=True)
class IsNull:
    node: object
    negated: bool


@dataclass(frozen=True)
class InList:
    node: object
    items: tuple
    negated: bool


@dataclass(frozen=True)
class BoolOp:
    op: str  # AND | OR
    args: tuple


class _Reject(Exception):
    pass


def tokenize(text: str) -> list[str] | None:
    out, i = [], 0
    while i < len(text):
        m = _TOKEN.match(text, i)
        if m is None:
            return None
        if m.lastgroup != "ws":
            out.append(m.group())
        i = m.end()
    return out


@functools.lru_cache(maxsize=16384)  # trees are immutable; large schemas repeat expressions
def parse(text: str) -> object | None:
    """The tree of ``text``, or None when it is outside the grammar."""
    if "\x00" in text:
        return None
    toks = tokenize(text)
    if not toks:
        return None
    p = _Parser(toks)
    try:
        node = p.expr()
        if p.i != len(toks):
            return None
    except (_Reject, IndexError):
        return None
    return node


class _Parser:
    def __init__(self, toks: list[str]):
        self.toks, self.i = toks, 0

    def peek(self, k: int = 0) -> str | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def low(self, k: int = 0) -> str:
        t = self.peek(k)
        return t.lower() if t is not None and not t.startswith("'") else ""

    def take(self, want: str | None = None) -> str:
        t = self.toks[self.i]
        if want is not None and (t.startswith("'") or t.lower() != want):
            raise _Reject
        self.i += 1
        return t

    def expr(self):
        return self._bool("or", self._and)

    def _and(self):
        return self._bool("and", self._unary)

    def _bool(self, word: str, sub):
        node = sub()
        while self.low() == word:
            self.take()
            right = sub()
            # the grammar flattens a chain only on its left, parenthesized or not:
            # (a AND b) AND c is one AND of three, a AND (b AND c) an AND of two
            if isinstance(node, BoolOp) and node.op == word.upper():
                node = BoolOp(node.op, (*node.args, right))
            else:
                node = BoolOp(word.upper(), (node, right))
        return node

    def _unary(self):
        if self.low() == "not":
            raise _Reject
        left = self.operand()
        w = self.low()
        if w == "is":
            self.take()
            negated = self.low() == "not"
            if negated:
                self.take()
            self.take("null")
            return IsNull(left, negated)
        if w in ("in", "not"):
            negated = w == "not"
            self.take()
            if negated:
                self.take("in")
            self.take("(")
            items = [self.operand()]
            while self.peek() == ",":
                self.take()
                items.append(self.operand())
            self.take(")")
            return InList(left, tuple(items), negated)
        if w in COMPARISONS:
            op = COMPARISONS[self.take()]
            if self.low() in ("any", "all"):
                return self._array_op(op, left)
            return Cmp(op, left, self.operand())
        return left

    def _array_op(self, op: str, left):
        kind = self.take().lower()
        if (op, kind) not in (("=", "any"), ("<>", "all")):
            raise _Reject
        self.take("(")
        arr = self.operand()
        self.take(")")
        if not isinstance(arr, Call) or arr.name != "array" or len(arr.args) < 2:
            raise _Reject  # one element: PostgreSQL keeps = ANY, IN (x) reads as = x
        return InList(left, arr.args, kind == "all")

    def operand(self):
        node = self._primary()
        while self.peek() == "::":
            self.take()
            node = Cast(node, self._type())
        return node

    def _type(self) -> str:
        for words, name in sorted(_TYPE_NAMES.items(), key=lambda kv: -len(kv[0])):
            if all(self.low(k) == w for k, w in enumerate(words)):
                self.i += len(words)
                return name
        raise _Reject

    def _primary(self):
        t = self.take()
        if t == "(":
            node = self.expr()
            self.take(")")
            return node
        if t == "-":
            n = self.take()
            if not n[0].isdigit():
                raise _Reject
            return Lit("num" if "." in n else "int", "-" + n)
        if t.startswith("'"):
            return Lit("str", t[1:-1].replace("''", "'"))
        if t[0].isdigit():
            return Lit("num" if "." in t else "int", t)
        low = t.lower()
        if low in ("true", "false"):
            return Lit("bool", low)
        if low == "null":
            return Lit("null", "null")
        if low in SQL_VALUES:
            return Call(low, ())
        if low == "array" and self.peek() == "[":
            self.take()
            items = [self.operand()]
            while self.peek() == ",":
                self.take()
                items.append(self.operand())
            self.take("]")
            return Call("array", tuple(items))
        if low in ("length", "lower", "now", "gen_random_uuid") and self.peek() == "(":
            self.take()
            args = () if self.peek() == ")" else (self.operand(),)
            self.take(")")
            return Call(low, args)
        if low in _RESERVED_HERE or self.peek() == "(":
            raise _Reject
        return Col(low)


_RESERVED_HERE = frozenset({"and", "or", "not", "is", "in", "any", "all", "array", "null", "true", "false"})


def columns(node: object) -> tuple[str, ...]:
    """The distinct columns a tree names, in the order they first appear."""
    out: list[str] = []

    def walk(n: object) -> None:
        if isinstance(n, Col):
            if n.name not in out:
                out.append(n.name)
        elif isinstance(n, tuple):
            for item in n:
                walk(item)
        elif hasattr(n, "__dataclass_fields__"):
            for name in n.__dataclass_fields__:
                walk(getattr(n, name))

    walk(node)
    return tuple(out)


def plain_expression(text: str) -> tuple[str, ...] | None:
    """The columns of ``text`` when it is one expression of this grammar over plain column
    names (none a keyword PostgreSQL reserves anywhere); None when it is not. Lets validation
    and constraint naming skip a full SQL parse for the common case (``qty >= 0``)."""
    from .keywords import KEYWORDS

    tree = parse(text)
    if tree is None:
        return None
    cols = columns(tree)
    return None if any(c in KEYWORDS for c in cols) else cols
