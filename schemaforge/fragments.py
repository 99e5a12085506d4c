"""SQL fragments from YAML: each must be exactly one thing of its kind before it reaches SQL.

A plan runs on pull requests from anyone, and most of a statement we render is pasted from
YAML: a type, a collation, an expression, a query, a partition bound. Quoting cannot protect
those (they *are* SQL), so each one is read by a lexer that follows PostgreSQL's own lexical
rules (nested block comments, ``E''`` escapes, dollar quotes, ``U&`` strings, quoted
identifiers) and then held to a grammar for its kind that is strict rather than lenient:

* a fragment never contains ``;`` outside a literal, never closes a parenthesis it did not
  open, never carries a comment (which could swallow the rest of our template) and never a
  ``$1`` parameter or a psql meta-character;
* names (collations, operator classes, access methods, storage parameters) are identifiers;
* type names are words, one parenthesised list of numbers or words, and ``[]``;
* partition bounds are literals only (their expressions are evaluated at CREATE time);
* expressions and queries additionally parse as one expression / one query (sqlglot).

Every check returns ``None`` for good input or a sentence for people saying what is wrong.
The lexer assumes ``standard_conforming_strings = on``, which every session we open sets.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# --- the lexer ------------------------------------------------------------------------------

# Letters, "_" and every non-ASCII character, written as what they are not: the same set as
# "A-Za-z_\u0080-\U0010ffff", but a negated ASCII class compiles in microseconds where the
# range takes ~80 ms at import (tests/test_hostile.py holds the two equal for every character).
_IDENT_START = r"^\x00-\x40\x5b-\x5e\x60\x7b-\x7f"
_IDENT_CHAR = r"^\x00-\x23\x25-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f"  # and 0-9 and $
_TAG_CHAR = r"^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f"  # and 0-9
_OP_CHARS = "+-*/<>=~!@#%^&|`?"
_TOKEN = re.compile(
    rf"""
    (?P<space>[ \t\n\r\f\v]+)
  | (?P<ustring>[uU]&')
  | (?P<uident>[uU]&")
  | (?P<estring>[eE]')
  | (?P<bstring>[bBxXnN]')
  | (?P<ident>[{_IDENT_START}][{_IDENT_CHAR}]*)
  | (?P<qident>")
  | (?P<string>')
  | (?P<dollar>\$(?:[{_IDENT_START}][{_TAG_CHAR}]*)?\$)
  | (?P<param>\$[0-9]+)
  | (?P<number>(?:0[xXoObB][0-9A-Fa-f_]+|(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9]+)?))
  | (?P<cast>::)
  | (?P<punct>[()\[\],;.:])
  | (?P<op>[{re.escape(_OP_CHARS)}]+)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str  # ident qident string number op punct cast comment dollar param
    text: str
    start: int


class LexError(ValueError):
    pass


def _quoted_end(text: str, i: int, quote: str, *, backslash: bool) -> int:
    """Index just past the closing ``quote`` of a literal whose body starts at ``i``."""
    n = len(text)
    while i < n:
        c = text[i]
        if backslash and c == "\\":
            i += 2
            continue
        if c == quote:
            if i + 1 < n and text[i + 1] == quote:  # doubled: an escaped quote
                i += 2
                continue
            return i + 1
        i += 1
    raise LexError("unterminated quoted string or identifier")


def _comment_end(text: str, i: int) -> int:
    """Index just past a block comment opened at ``i``; PostgreSQL nests them."""
    depth, n = 0, len(text)
    while i < n:
        if text.startswith("/*", i):
            depth += 1
            i += 2
        elif text.startswith("*/", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    raise LexError("unterminated /* comment")


@functools.lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[Token, ...]:
    """PostgreSQL's tokens of ``text`` (whitespace dropped, comments kept as ``comment``)."""
    if "\x00" in text:
        raise LexError("it contains a NUL character")
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith("--", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(Token("comment", text[i:end], i))
            i = end
            continue
        if text.startswith("/*", i):
            end = _comment_end(text, i)
            out.append(Token("comment", text[i:end], i))
            i = end
            continue
        m = _TOKEN.match(text, i)
        if m is None:
            raise LexError(f"unexpected character {text[i]!r}")
        kind = m.lastgroup
        assert kind is not None
        if kind == "space":
            i = m.end()
            continue
        if kind in ("string", "bstring", "ustring"):
            end = _quoted_end(text, m.end(), "'", backslash=False)
            out.append(Token("string", text[i:end], i))
        elif kind == "estring":
            end = _quoted_end(text, m.end(), "'", backslash=True)
            out.append(Token("string", text[i:end], i))
        elif kind in ("qident", "uident"):
            end = _quoted_end(text, m.end(), '"', backslash=False)
            if end - m.end() <= 1:
                raise LexError('empty quoted identifier ""')
            out.append(Token("qident", text[i:end], i))
        elif kind == "dollar":
            tag = m.group()
            end = text.find(tag, m.end())
            if end < 0:
                raise LexError(f"unterminated dollar-quoted string {tag}")
            end += len(tag)
            out.append(Token("string", text[i:end], i))
        elif kind == "op" and ("--" in m.group() or "/*" in m.group()):
            cut = min(p for p in (m.group().find("--"), m.group().find("/*")) if p >= 0)
            if cut == 0:  # pragma: no cover - handled above
                raise LexError("comment")
            out.append(Token("op", m.group()[:cut], i))
            end = i + cut
        else:
            end = m.end()
            out.append(Token(kind, m.group(), i))
        i = end
    return tuple(out)


def split_top_level(text: str) -> list[str]:
    """``text`` split at the commas outside parentheses, brackets and literals, each stripped."""
    if not text.strip():
        return []
    try:
        toks = tokens(text)
    except LexError:
        return [text]
    pieces, depth, start = [], 0, 0
    for t in toks:
        if t.kind == "punct" and t.text in "([":
            depth += 1
        elif t.kind == "punct" and t.text in ")]":
            depth -= 1
        elif t.kind == "punct" and t.text == "," and depth == 0:
            pieces.append(text[start:t.start].strip())
            start = t.start + 1
    pieces.append(text[start:].strip())
    return pieces


# --- checks shared by every kind ------------------------------------------------------------


def _lexed(check):
    """Run ``check(text, tokens, ...)`` on text that lexes; empty or unlexable text fails here."""

    @functools.lru_cache(maxsize=65536)  # a pure answer; schemas repeat their fragments
    def answer(text: str, *args, **kwargs) -> str | None:
        try:
            toks = tokens(text)
        except LexError as exc:
            return str(exc)
        return check(text, toks, *args, **kwargs)

    @functools.wraps(check)
    def run(text: object, *args, **kwargs) -> str | None:
        if not isinstance(text, str) or not text.strip():
            return "it is empty"
        return answer(text, *args, **kwargs)

    return run


def _contained(toks: tuple[Token, ...], *, allow_comments: bool = False) -> str | None:
    """Nothing in ``toks`` can end the statement or escape the parentheses around it."""
    depth: list[str] = []
    pairs = {")": "(", "]": "["}
    for t in toks:
        if t.kind == "comment" and not allow_comments:
            return "it contains an SQL comment (use a YAML # comment instead)"
        if t.kind == "param":
            return f"it contains a parameter {t.text}"
        if t.kind == "punct" and t.text == ";":
            return "it contains ';' (one fragment is one expression, not several statements)"
        if t.kind == "punct" and t.text in "([":
            depth.append(t.text)
        elif t.kind == "punct" and t.text in ")]" and (not depth or depth.pop() != pairs[t.text]):
            return f"it closes a '{t.text}' it did not open"
    if depth:
        return f"it leaves a '{depth[-1]}' open"
    return None


# --- kinds ----------------------------------------------------------------------------------

_TYPE_WORDS = frozenset({"precision", "varying", "with", "without", "time", "zone", "to",
                         "year", "month", "day", "hour", "minute", "second", "array"})


def _word(t: Token) -> bool:
    return t.kind in ("ident", "qident")


def _qualified_name(toks: tuple[Token, ...], i: int, *, parts: int = 2) -> int:
    """Index past a name of 1..``parts`` dotted identifiers at ``i``, or -1."""
    if i >= len(toks) or not _word(toks[i]):
        return -1
    i += 1
    for _ in range(parts - 1):
        if i + 1 < len(toks) and toks[i].text == "." and _word(toks[i + 1]):
            i += 2
        else:
            break
    return i


@_lexed
def name_error(text: str, toks: tuple[Token, ...], what: str = "name", *, parts: int = 2) -> str | None:
    """A (schema-qualified) identifier: a collation, an operator class, an access method."""
    if _qualified_name(toks, 0, parts=parts) != len(toks):
        return f"it is not a single {what}"
    return None


@_lexed
def type_error(text: str, toks: tuple[Token, ...]) -> str | None:
    """A type name: words, optionally schema-qualified, one ``(n, m)`` list, ``[]`` suffixes."""
    i = _qualified_name(toks, 0)
    if i < 0:
        return "it does not start with a type name"
    seen_args = False
    while i < len(toks):
        t = toks[i]
        if t.kind == "ident" and t.text.lower() in _TYPE_WORDS:
            i += 1
        elif t.text == "(" and not seen_args:
            seen_args = True
            i += 1
            while True:
                if i >= len(toks) or toks[i].kind not in ("number", "ident", "qident"):
                    return "its parameters must be numbers or names, as in numeric(12, 2)"
                i += 1
                if i < len(toks) and toks[i].text == ",":
                    i += 1
                    continue
                if i < len(toks) and toks[i].text == ")":
                    i += 1
                    break
                return "its parameters must be numbers or names, as in numeric(12, 2)"
        elif t.text == "[":
            if i + 1 < len(toks) and toks[i + 1].text == "]":
                i += 2
            elif i + 2 < len(toks) and toks[i + 1].kind == "number" and toks[i + 2].text == "]":
                i += 3
            else:
                return "an array suffix is [] or [n]"
        else:
            return f"'{t.text}' cannot follow a type name"
    return None


@_lexed
def operator_error(text: str, toks: tuple[Token, ...]) -> str | None:
    """An operator (``&&``, ``=``) or ``OPERATOR(schema.op)``."""
    if len(toks) == 1 and toks[0].kind == "op":
        return None
    if (len(toks) >= 4 and toks[0].kind == "ident" and toks[0].text.lower() == "operator" and toks[1].text == "("
            and toks[-1].text == ")" and toks[-2].kind == "op"
            and (len(toks) == 4 or (len(toks) == 6 and _word(toks[2]) and toks[3].text == "."))):
        return None
    return "it is not a single operator such as && or ="


_STORAGE_KEY = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?")


def storage_key_error(text: object) -> str | None:
    """A storage parameter name (``fillfactor``, ``toast.autovacuum_enabled``)."""
    if not isinstance(text, str) or not _STORAGE_KEY.fullmatch(text):
        return "it is not a parameter name (lower-case letters, digits and _)"
    return None


@_lexed
def storage_value_error(text: str, toks: tuple[Token, ...]) -> str | None:
    """A storage parameter value: one number, word or string literal."""
    if len(toks) == 2 and toks[0].text in "+-" and toks[1].kind == "number":
        return None
    if len(toks) != 1 or toks[0].kind not in ("number", "ident", "string"):
        return "it is not a single number, word or quoted string"
    return None


@_lexed
def expression_error(text: str, toks: tuple[Token, ...]) -> str | None:
    """One PostgreSQL expression, closed in itself (a full parse unless the small grammar of
    ``canonical.sqltext`` already reads it as one: ``tests/test_canonical_text.py``)."""
    from .canonical.sqltext import plain_expression

    err = _contained(toks)
    if err:
        return err
    return None if plain_expression(text) is not None else _sqlglot_error(text, statement=False)


@_lexed
def query_error(text: str, toks: tuple[Token, ...]) -> str | None:
    """One query (SELECT, WITH, VALUES): comments allowed, a trailing ``;`` tolerated."""
    body = toks[:-1] if toks and toks[-1].text == ";" else toks
    if toks and toks[-1].kind == "comment":
        return "it ends in an SQL comment (put the comment before the query or in YAML)"
    return _contained(body, allow_comments=True) or _sqlglot_error(text, statement=True)


def _balanced(toks: tuple[Token, ...]) -> str | None:
    """Parentheses and brackets of ``toks`` close what they open, in order."""
    depth: list[str] = []
    pairs = {")": "(", "]": "["}
    for t in toks:
        if t.kind == "punct" and t.text in "([":
            depth.append(t.text)
        elif t.kind == "punct" and t.text in ")]" and (not depth or depth.pop() != pairs[t.text]):
            return f"it closes a '{t.text}' it did not open"
    return f"it leaves a '{depth[-1]}' open" if depth else None


@_lexed
def sql_body_error(text: str, toks: tuple[Token, ...]) -> str | None:
    """One SQL-standard function body: ``RETURN expression`` (no ``;``) or ``BEGIN ATOMIC
    statements END``, the last ``END`` closing the block (``CASE ... END`` inside counted), so
    nothing can follow the function in its statement."""
    words = [t.text.lower() if t.kind == "ident" else None for t in toks]
    if toks[-1].kind == "comment":
        return "it ends in an SQL comment (put the comment inside the body or in YAML)"
    if words[0] == "return":
        if len(toks) < 2:
            return "RETURN needs an expression"
        if any(t.kind == "punct" and t.text == ";" for t in toks):
            return "it contains ';' (RETURN takes one expression)"
        return _balanced(toks)
    if words[:2] != ["begin", "atomic"]:
        return "it is not RETURN expression or BEGIN ATOMIC ... END"
    if words[-1] != "end" or len(toks) < 3:
        return "BEGIN ATOMIC must end with END"
    cases = 0
    for i, w in enumerate(words[2:-1], 2):
        if w == "case":
            cases += 1
        elif w == "end" and cases:
            cases -= 1
        elif w == "end":
            return f"an END at offset {toks[i].start} closes the block before its end"
        elif w == "begin":
            return "a body holds one BEGIN ATOMIC block"
    if cases:
        return "a CASE is not closed by END"
    return _balanced(toks[2:-1])


def is_sql_body(text: str) -> bool:
    """Whether a ``language: sql`` body is written as an SQL-standard one (``RETURN``,
    ``BEGIN ATOMIC``) rather than a string: by its first words."""
    try:
        toks = [t for t in tokens(text) if t.kind != "comment"]
    except LexError:
        return False
    first = [t.text.lower() for t in toks[:2] if t.kind == "ident"]
    return first[:1] == ["return"] or first == ["begin", "atomic"]


_STRATEGIES = frozenset({"range", "list", "hash"})


@_lexed
def partition_by_error(text: str, toks: tuple[Token, ...]) -> str | None:
    """``RANGE (col, (expr) opclass)``, ``LIST (col)`` or ``HASH (col)``."""
    if not (toks[0].kind == "ident" and toks[0].text.lower() in _STRATEGIES):
        return "it must start with RANGE, LIST or HASH"
    if len(toks) < 3 or toks[1].text != "(" or toks[-1].text != ")":
        return "write it as RANGE (column), LIST (column) or HASH (column)"
    inner = toks[2:-1]
    return _contained(inner) or (None if _closed_group(toks[1:]) else "it has text after the column list")


def _closed_group(toks: tuple[Token, ...]) -> bool:
    """``toks`` is exactly one parenthesised group."""
    depth = 0
    for k, t in enumerate(toks):
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
            if depth == 0:
                return k == len(toks) - 1
    return False


_BOUND_WORDS = frozenset({"minvalue", "maxvalue", "true", "false", "null"})


def _literal_list(toks: tuple[Token, ...], i: int) -> int:
    """Index past ``(lit, lit, ...)`` at ``i``, or -1. Literals: strings, numbers, a few words."""
    if i >= len(toks) or toks[i].text != "(":
        return -1
    i += 1
    while True:
        if i < len(toks) and toks[i].kind == "op" and toks[i].text in ("-", "+"):
            i += 1
            if i >= len(toks) or toks[i].kind != "number":
                return -1
        elif i >= len(toks) or not (toks[i].kind in ("string", "number")
                                    or (toks[i].kind == "ident" and toks[i].text.lower() in _BOUND_WORDS)):
            return -1
        i += 1
        if i < len(toks) and toks[i].text == ",":
            i += 1
            continue
        if i < len(toks) and toks[i].text == ")":
            return i + 1
        return -1


@_lexed
def partition_bound_error(text: str, toks: tuple[Token, ...]) -> str | None:
    """``DEFAULT`` or ``FOR VALUES IN (...)`` / ``FROM (...) TO (...)`` / ``WITH (MODULUS n, REMAINDER m)``.

    Only literals: PostgreSQL evaluates bound expressions when the partition is created.
    """
    words = [t.text.lower() if t.kind == "ident" else t.text for t in toks]
    if words == ["default"]:
        return None
    bad = ("write DEFAULT, FOR VALUES IN ('a', 'b'), FOR VALUES FROM (1) TO (10) or "
           "FOR VALUES WITH (MODULUS 4, REMAINDER 0), with literal values only")
    if words[:2] != ["for", "values"] or len(words) < 3:
        return bad
    if words[2] == "in":
        end = _literal_list(toks, 3)
    elif words[2] == "from":
        mid = _literal_list(toks, 3)
        end = _literal_list(toks, mid + 1) if mid > 0 and mid < len(words) and words[mid] == "to" else -1
    elif words[2] == "with":
        ok = (len(toks) == 10 and words[3] == "(" and words[4] == "modulus" and toks[5].kind == "number"
              and words[6] == "," and words[7] == "remainder" and toks[8].kind == "number" and words[9] == ")")
        end = len(toks) if ok else -1
    else:
        end = -1
    return None if end == len(toks) else bad


# --- sqlglot: one expression / one query ----------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _sqlglot_error(text: str, *, statement: bool) -> str | None:
    import sqlglot
    from sqlglot import exp

    src = text if statement else f"SELECT {text}"
    try:
        tree = sqlglot.parse_one(src, read="postgres")
    except sqlglot.errors.ParseError as exc:
        err = exc.errors[0] if exc.errors else {}
        desc = err.get("description") or str(exc).splitlines()[0]
        if desc.startswith("Required keyword"):
            desc = "incomplete expression"
        near = err.get("highlight")
        return f"{desc}" + (f" near '{near}'" if near else "")
    except sqlglot.errors.TokenError:
        return "unterminated quoted string or identifier, or an unexpected character"
    except Exception as exc:  # noqa: BLE001 - sqlglot can fail in many ways on odd input
        return f"cannot parse it ({type(exc).__name__})"
    if tree is None:
        return "it is empty"
    if statement:
        return None if isinstance(tree, exp.Query) else "it is not a SELECT query"
    if not isinstance(tree, exp.Select) or len(tree.expressions) != 1 or tree.args.get("from_") or tree.args.get("from"):
        return "it is not a single expression"
    if isinstance(tree.expressions[0], exp.Alias):  # `0 unique` would add a constraint
        return f"it is an expression followed by '{tree.expressions[0].alias}'"
    return None


# --- every kind, by the name validation and the model guard use ------------------------

CHECKS = {
    "type": type_error,
    "collation": lambda t: name_error(t, "collation name"),
    "function": lambda t: name_error(t, "function name"),
    "opclass": lambda t: name_error(t, "operator class name"),
    "method": lambda t: name_error(t, "access method name", parts=1),
    "operator": operator_error,
    "storage key": storage_key_error,
    "storage value": storage_value_error,
    "expression": expression_error,
    "query": query_error,
    "partition_by": partition_by_error,
    "partition_bound": partition_bound_error,
    "sql body": sql_body_error,
}

