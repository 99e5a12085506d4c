"""Which statements of a migration are risky for the data, read from their SQL.

Pre-flight checks are derived from the up statements themselves, not from the plan's change
objects, so ``forge plan`` (our rendered SQL) and ``forge apply`` (a migration file, perhaps
edited by hand) derive the very same checks. Statements are cut into tokens by the migration
lexer (:func:`schemaforge.migrations.files.scan`): quoted names keep their exact spelling,
unquoted ones fold to lower case, string literals are never code. Anything this reader does
not recognize exactly derives no check: it never guesses, and it never evaluates an
expression somebody wrote (``CHECK``, ``USING``, partial or expression indexes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..migrations.files import scan, strip_comments
from ..model import QName

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*|[0-9]+|::|[^\sA-Za-z0-9_]")


@dataclass(frozen=True)
class Token:
    kind: str  # "word" (unquoted, lower-cased), "ident" (quoted, exact), "string" (a literal's value), "punct", "other"
    text: str


@dataclass(frozen=True)
class Spec:
    """One check to run: what to count in which table, derived from statement ``statement``.

    ``kind``: ``nulls`` (``columns`` hold a NULL), ``duplicates`` (``columns`` repeat; with
    ``nulls_distinct`` rows with a NULL never collide), ``orphans`` (``columns`` have no match
    in ``ref_columns`` of ``ref_table``), ``misfit`` (the cast to ``new_type`` refuses the
    column's values), ``rounded`` (it accepts them rounded: data lost, not a failure),
    ``enum`` (the column holds text outside ``labels``). ``validate`` marks a ``VALIDATE
    CONSTRAINT`` (its name in ``not_valid``) for :func:`specs` alone, which drops it.
    """

    kind: str
    table: QName
    columns: tuple[str, ...]
    statement: int = 0
    nulls_distinct: bool = True
    ref_table: QName | None = None
    ref_columns: tuple[str, ...] = ()
    new_type: tuple[str, ...] = ()  # the recognized target type: ("length", n) / ("int", bits) / ("numeric", p, s)
    labels: tuple[str, ...] = ()
    array: bool = False
    # an earlier statement of the same migration that may change the rows (a backfill ``UPDATE``,
    # a ``DO`` block...): today's data says nothing about what this statement will meet
    after_data_change: int | None = None
    # a foreign key added NOT VALID, by its name: existing rows are checked only by a later
    # ``VALIDATE CONSTRAINT`` of these statements (the online form); without one, orphans are
    # what the YAML's ``valid: false`` keeps on purpose, and nothing fails on them
    not_valid: str | None = None


def tokens(sql: str) -> list[Token] | None:
    """``sql`` as tokens; None if it holds something this reader does not take apart (an
    ``E''`` string, a dollar-quoted body)."""
    out: list[Token] = []
    for kind, a, b in scan(sql):
        piece = sql[a:b]
        if kind == "comment" or kind == "semi":
            continue
        if kind == "str":
            if piece.startswith('"'):
                out.append(Token("ident", piece[1:-1].replace('""', '"')))
            elif piece.startswith("'") and piece.endswith("'") and len(piece) >= 2 and not (
                    out and out[-1].kind == "word" and out[-1].text in ("e", "u&", "b", "x")
                    and a > 0 and not sql[a - 1].isspace()):
                out.append(Token("string", piece[1:-1].replace("''", "'")))
            else:
                return None
            continue
        for m in _WORD.finditer(piece):
            w = m.group(0)
            if w[0].isalpha() or w[0] == "_":
                out.append(Token("word", w.lower()))
            elif w.isdigit():
                out.append(Token("other", w))
            else:
                out.append(Token("punct", w))
    return out


class _Reader:
    """A cursor over tokens with the few grammar pieces the checks need."""

    def __init__(self, toks: list[Token]):
        self.toks, self.i = toks, 0

    def peek(self, ahead: int = 0) -> Token | None:
        j = self.i + ahead
        return self.toks[j] if j < len(self.toks) else None

    def at(self, *words: str) -> bool:
        for k, w in enumerate(words):
            t = self.peek(k)
            if t is None or (t.kind != "word" and t.kind != "punct") or t.text != w:
                return False
        return True

    def take(self, *words: str) -> bool:
        if self.at(*words):
            self.i += len(words)
            return True
        return False

    def name(self) -> str | None:
        t = self.peek()
        if t is not None and t.kind in ("word", "ident"):
            self.i += 1
            return t.text
        return None

    def qname(self) -> QName | None:
        first = self.name()
        if first is None:
            return None
        if self.take("."):
            second = self.name()
            return None if second is None else QName(first, second)
        return None  # unqualified: which schema depends on search_path; our SQL always qualifies

    def names(self) -> tuple[str, ...] | None:
        """``( a, b )`` of plain names."""
        if not self.take("("):
            return None
        out = []
        while True:
            n = self.name()
            if n is None:
                return None
            out.append(n)
            if self.take(")"):
                return tuple(out)
            if not self.take(","):
                return None

    def done(self) -> bool:
        return self.i >= len(self.toks)

    def skip_to_comma(self) -> None:
        """To the next top-level ``,`` (or the end)."""
        depth = 0
        while (t := self.peek()) is not None:
            if t.kind == "punct" and t.text == "(":
                depth += 1
            elif t.kind == "punct" and t.text == ")":
                depth -= 1
            elif t.kind == "punct" and t.text == "," and depth == 0:
                return
            self.i += 1


def specs(statements: list[str] | tuple[str, ...]) -> list[Spec]:
    """The checks the up ``statements`` call for, in statement order, each once."""
    enums: dict[QName, tuple[str, ...]] = {}
    out: list[Spec] = []
    changed: int | None = None
    for index, stmt in enumerate(statements):
        if changed is None and _changes_data(stmt):
            changed = index
        if not _candidate(stmt) or not (toks := tokens(stmt)):
            continue
        r = _Reader(toks)
        if changed is not None and changed < index:
            out += [_at(s, index, changed) for s in _read(r, enums)]
        else:
            out += [_at(s, index) for s in _read(r, enums)]
    validated = {(s.table, s.not_valid) for s in out if s.kind == "validate"}
    out = [s for s in out if s.kind != "validate" and (s.not_valid is None or (s.table, s.not_valid) in validated)]
    seen: set[Spec] = set()
    unique = []
    for s in out:
        key = _at(s, 0)
        if key not in seen:
            seen.add(key)
            unique.append(s)
    return unique


# The statements :func:`_read` takes apart begin with these words; any other derives no check
# and is not cut into tokens (most of a plan: CREATE TABLE, CREATE INDEX, COMMENT ON, DROP...).
_CANDIDATE = re.compile(r"\s*(?:alter\s+table|create\s+(?:type|unique))\b", re.IGNORECASE)


def _candidate(statement: str) -> bool:
    """Whether ``statement`` may call for a check: it begins as :func:`_read` wants, or holds a
    comment (which may stand between those words: the lexer reads it then)."""
    return "--" in statement or "/*" in statement or _CANDIDATE.match(statement) is not None


_DATA_WORDS = {"update", "delete", "insert", "merge", "truncate", "copy", "do", "call", "with", "execute"}
_FIRST_WORD = re.compile(r"\s*([A-Za-z]+)")


def _changes_data(statement: str) -> bool:
    """A statement that may change rows: DML, a ``DO`` block, a procedure call."""
    text = statement if "--" not in statement and "/*" not in statement else strip_comments(statement)
    m = _FIRST_WORD.match(text)
    return m is not None and m.group(1).lower() in _DATA_WORDS


def _read(r: _Reader, enums: dict[QName, tuple[str, ...]]) -> list[Spec]:
    if r.take("create", "type"):
        _enum(r, enums)
        return []
    if r.take("alter", "table"):
        return _alter_table(r, enums)
    if r.take("create", "unique", "index"):
        return _unique_index(r)
    return []


def _at(s: Spec, index: int, changed: int | None = None) -> Spec:
    return replace(s, statement=index, after_data_change=changed)


def _enum(r: _Reader, enums: dict[QName, tuple[str, ...]]) -> None:
    """``CREATE TYPE s.t AS ENUM ('a', 'b')``: remembered, for the columns converted to it later."""
    name = r.qname()
    if name is None or not r.take("as", "enum", "("):
        return
    labels: list[str] = []
    while (t := r.peek()) is not None and t.kind == "string":
        labels.append(t.text)
        r.i += 1
        if r.take(")"):
            enums[name] = tuple(labels)
            return
        if not r.take(","):
            return
    if r.take(")") and not labels:
        enums[name] = ()


def _alter_table(r: _Reader, enums: dict[QName, tuple[str, ...]]) -> list[Spec]:
    r.take("if", "exists")
    r.take("only")
    table = r.qname()
    if table is None:
        return []
    out: list[Spec] = []
    while not r.done():
        start = r.i
        if r.take("alter"):
            r.take("column")
            column = r.name()
            if column is not None:
                out += _alter_column(r, table, column, enums)
        elif r.take("add"):
            out += _add(r, table)
        elif r.take("validate", "constraint"):  # a marker for specs(), never checked itself
            name = r.name()
            out += [] if name is None else [Spec("validate", table, (), not_valid=name)]
        r.i = max(r.i, start + 1)
        r.skip_to_comma()
        r.take(",")
    return out


def _alter_column(r: _Reader, table: QName, column: str, enums: dict[QName, tuple[str, ...]]) -> list[Spec]:
    if r.take("set", "not", "null"):
        return [Spec("nulls", table, (column,))]
    if not (r.take("type") or r.take("set", "data", "type")):
        return []
    start, depth = r.i, 0
    while (t := r.peek()) is not None and not (depth == 0 and (t.kind == "punct" and t.text == ",")) and not (
            t.kind == "word" and t.text in ("using", "collate")):
        depth += (t.kind == "punct" and t.text == "(") - (t.kind == "punct" and t.text == ")")
        r.i += 1
    type_toks = r.toks[start:r.i]
    using = r.toks[r.i + 1:] if r.at("using") else None
    if using is not None:  # to the end of this subcommand
        sub = _Reader(using)
        sub.skip_to_comma()
        using = using[:sub.i]
    enum = _enum_target(type_toks, enums)
    if enum is not None:
        name, array = enum
        if using is None or _text_cast(using, column, name, array):
            return [Spec("enum", table, (column,), labels=enums[name], array=array)]
        return []
    target = recognize_type(type_toks)
    if target is None or using is not None:
        return []
    spec = Spec("misfit", table, (column,), new_type=target)
    return [spec, replace(spec, kind="rounded")] if target[0] != "length" else [spec]


def _enum_target(type_toks: list[Token], enums: dict[QName, tuple[str, ...]]) -> tuple[QName, bool] | None:
    r = _Reader(type_toks)
    name = r.qname()
    if name is None or name not in enums:
        return None
    array = r.take("[", "]")
    return (name, array) if r.done() else None


def _text_cast(using: list[Token], column: str, name: QName, array: bool) -> bool:
    """USING is exactly ``col::text::type`` (``[]`` for arrays): the conversion our plans render."""
    arr = [Token("punct", "["), Token("punct", "]")] if array else []
    want = [Token("ident", column), Token("punct", "::"), Token("word", "text"), *arr, Token("punct", "::"),
            Token("ident", name.schema), Token("punct", "."), Token("ident", name.name), *arr]
    return using == want


_LENGTH_TYPES = {("character", "varying"), ("varchar",), ("character",), ("char",), ("bpchar",)}
_INT_TYPES = {"smallint": 16, "int2": 16, "integer": 32, "int": 32, "int4": 32, "bigint": 64, "int8": 64}


def recognize_type(toks: list[Token]) -> tuple | None:
    """A target type whose misfits we can count: ``("length", n)``, ``("int", bits)`` or
    ``("numeric", p, s)``; None for any other (no check). ``pg_catalog.`` may qualify it."""
    words = list(toks)
    if len(words) >= 2 and words[0] == Token("word", "pg_catalog") and words[1] == Token("punct", "."):
        words = words[2:]
    if words and all(t.kind == "word" for t in words) and len(words) == 1 and words[0].text in _INT_TYPES:
        return ("int", _INT_TYPES[words[0].text])
    head = tuple(t.text for t in words if t.kind == "word")
    nums = [int(t.text) for t in words if t.kind == "other"]
    shape = "".join("w" if t.kind == "word" else ("n" if t.kind == "other" else t.text) for t in words)
    if head in _LENGTH_TYPES and shape in ("w(n)", "ww(n)"):
        return ("length", nums[0])
    if head in (("numeric",), ("decimal",)) and shape == "w(n)":
        return ("numeric", nums[0], 0)
    if head in (("numeric",), ("decimal",)) and shape == "w(n,n)":
        return ("numeric", nums[0], nums[1])
    return None


def _add(r: _Reader, table: QName) -> list[Spec]:
    name = None
    if r.take("constraint") and (name := r.name()) is None:
        return []
    if r.take("unique"):
        nulls_distinct = True
        if r.take("nulls", "not", "distinct"):
            nulls_distinct = False
        else:
            r.take("nulls", "distinct")
        columns = r.names()
        return [] if columns is None else [Spec("duplicates", table, columns, nulls_distinct=nulls_distinct)]
    if r.take("primary", "key"):
        columns = r.names()
        if columns is None:
            return []
        return [*(Spec("nulls", table, (c,)) for c in columns), Spec("duplicates", table, columns)]
    if r.take("foreign", "key"):
        columns = r.names()
        if columns is None or not r.take("references"):
            return []
        ref = r.qname()
        ref_columns = r.names()
        if ref is None or ref_columns is None or len(ref_columns) != len(columns) or _rest_says(r, "not", "enforced"):
            return []
        not_valid = (name or "") if _rest_says(r, "not", "valid") else None
        return [Spec("orphans", table, columns, ref_table=ref, ref_columns=ref_columns, not_valid=not_valid)]
    return []


def _rest_says(r: _Reader, *words: str) -> bool:
    """The rest of this ADD says ``words``: ``NOT ENFORCED`` (PostgreSQL 18: no row is ever
    checked), ``NOT VALID`` (rows are checked only if the constraint is validated later)."""
    start, found = r.i, False
    while (t := r.peek()) is not None and not (t.kind == "punct" and t.text == ","):
        found = found or r.at(*words)
        r.i += 1
    r.i = start
    return found


def _unique_index(r: _Reader) -> list[Spec]:
    """``CREATE UNIQUE INDEX [CONCURRENTLY] [IF NOT EXISTS] name ON [ONLY] s.t [USING btree] (cols)
    [INCLUDE (...)] [NULLS [NOT] DISTINCT]``: no partial, no expression index."""
    r.take("concurrently")
    r.take("if", "not", "exists")
    if not r.at("on"):
        r.name()
    if not r.take("on"):
        return []
    r.take("only")
    table = r.qname()
    if table is None:
        return []
    if r.take("using") and not r.take("btree"):
        return []
    columns = _index_columns(r)
    if columns is None:
        return []
    if r.take("include") and r.names() is None:
        return []
    nulls_distinct = True
    if r.take("nulls", "not", "distinct"):
        nulls_distinct = False
    else:
        r.take("nulls", "distinct")
    if not r.done():
        return []  # WHERE (a partial index) or anything else: not counted
    return [Spec("duplicates", table, columns, nulls_distinct=nulls_distinct)]


def _index_columns(r: _Reader) -> tuple[str, ...] | None:
    """``(a, b DESC, c NULLS FIRST)``: plain columns only (an opclass or expression: None)."""
    if not r.take("("):
        return None
    out = []
    while True:
        n = r.name()
        if n is None:
            return None
        out.append(n)
        r.take("asc") or r.take("desc")
        r.take("nulls", "first") or r.take("nulls", "last")
        if r.take(")"):
            return tuple(out)
        if not r.take(","):
            return None


def target_table(statement: str) -> QName | None:
    """The table an ``ALTER TABLE`` or ``CREATE [UNIQUE] INDEX`` statement works on (for sizes)."""
    toks = tokens(statement)
    if not toks:
        return None
    r = _Reader(toks)
    if r.take("alter", "table"):
        r.take("if", "exists")
        r.take("only")
        return r.qname()
    if r.take("create"):
        r.take("unique")
        if not r.take("index"):
            return None
        r.take("concurrently")
        r.take("if", "not", "exists")
        if not r.at("on"):
            r.name()
        if r.take("on"):
            r.take("only")
            return r.qname()
    return None
