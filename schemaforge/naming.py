"""PostgreSQL's default names for constraints, indexes and sequences.

Unnamed constraints get names chosen by the server; a YAML model must predict exactly the
same names or an import followed by a plan would rename everything. This is a faithful port
of ``makeObjectName``, ``ChooseRelationName``, ``ChooseConstraintName``,
``ChooseIndexNameAddition`` and ``FigureIndexColname`` (src/backend/commands/indexcmds.c,
catalog/pg_constraint.c, parser/parse_target.c), including the 63-byte truncation and the
numeric suffix on collisions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

NAMEDATALEN = 64


def _clip(text: str, nbytes: int) -> str:
    """Longest prefix of ``text`` that fits in ``nbytes`` UTF-8 bytes (pg_mbcliplen)."""
    raw = text.encode("utf-8")
    if len(raw) <= nbytes:
        return text
    return raw[:nbytes].decode("utf-8", errors="ignore")


def make_object_name(name1: str, name2: str | None, label: str | None) -> str:
    """``name1_name2_label``, shortening the longer of name1/name2 until it fits in 63 bytes."""
    name1chars = len(name1.encode())
    overhead = 0
    if name2 is not None:
        name2chars = len(name2.encode())
        overhead += 1
    else:
        name2chars = 0
    if label:
        overhead += len(label.encode()) + 1
    availchars = NAMEDATALEN - 1 - overhead
    while name1chars + name2chars > availchars:
        if name1chars > name2chars:
            name1chars -= 1
        else:
            name2chars -= 1
    result = _clip(name1, name1chars)
    if name2 is not None:
        result += "_" + _clip(name2, name2chars)
    if label:
        result += "_" + label
    return result


def default_sequence_name(table: str, column: str) -> str:
    """``<table>_<column>_seq``: the sequence PostgreSQL creates for a serial or identity
    column when nothing else holds the name (collisions: :func:`sequence_name`)."""
    return make_object_name(table, column, "seq")


@functools.lru_cache(maxsize=1 << 16)  # asked for every column by diff, planner and canonical, several times over
def default_not_null_name(table: str, column: str) -> str:
    """``<table>_<column>_not_null``: the name PostgreSQL 18 gives an unnamed NOT NULL
    constraint when nothing else holds it (collisions: :func:`not_null_name`)."""
    return make_object_name(table, column, "not_null")


def name_addition(colnames: Iterable[str]) -> str:
    """Column names joined by ``_``, stopping once the text reaches NAMEDATALEN bytes."""
    buf = b""
    for name in colnames:
        if buf:
            buf += b"_"
        buf += _clip(name, NAMEDATALEN - 1).encode()
        if len(buf) >= NAMEDATALEN:
            break
    return buf.decode("utf-8", errors="ignore")


@dataclass
class Namespace:
    """Names taken in one schema: relations (tables, indexes, sequences, views) and constraints."""

    relations: set[str] = field(default_factory=set)
    constraints: set[str] = field(default_factory=set)


def choose_relation_name(name1: str, name2: str | None, label: str, ns: Namespace,
                         isconstraint: bool = False) -> str:
    """ChooseRelationName: add 1, 2, ... to the label until the name is free; then take it."""
    pass_ = 0
    modlabel = label
    while True:
        name = make_object_name(name1, name2, modlabel)
        if name not in ns.relations and not (isconstraint and name in ns.constraints):
            break
        pass_ += 1
        modlabel = f"{label}{pass_}"
    ns.relations.add(name)
    if isconstraint:
        ns.constraints.add(name)
    return name


def may_be_chosen(name: str, name1: str, name2: str | None, label: str, tries: int = 10) -> bool:
    """Whether ``name`` is what :func:`choose_relation_name` or :func:`choose_constraint_name`
    give for these parts, with or without one of the first ``tries`` collision suffixes.

    Every such name ends in ``_<label><suffix>`` (the suffix: nothing, or 1 to ``tries - 1``),
    so the suffix is read off ``name`` and only that one candidate is made: a custom name used
    to cost ``tries`` of them (an import asks for every constraint and index)."""
    if not label or label[-1].isdigit():  # the suffix cannot be told from the label: try each
        return any(make_object_name(name1, name2, label + (str(n) if n else "")) == name for n in range(tries))
    _, found, suffix = name.rpartition("_" + label)
    if not found or not (suffix == "" or (suffix.isascii() and suffix.isdigit() and suffix[0] != "0"
                                          and int(suffix) < tries)):
        return False
    return make_object_name(name1, name2, label + suffix) == name


def choose_constraint_name(name1: str, name2: str | None, label: str, ns: Namespace,
                           others: Iterable[str] = ()) -> str:
    """ChooseConstraintName: free among the schema's constraints and ``others``; then take it."""
    taken = set(others)
    pass_ = 0
    modlabel = label
    while True:
        name = make_object_name(name1, name2, modlabel)
        if name not in ns.constraints and name not in taken:
            break
        pass_ += 1
        modlabel = f"{label}{pass_}"
    ns.constraints.add(name)
    return name


def index_column_names(elements: Iterable[str | None]) -> list[str]:
    """ChooseIndexColumnNames: a column name, or the expression's figured name, or ``expr``;
    repeated names get 1, 2, ... appended."""
    result: list[str] = []
    for orig in elements:
        orig = orig or "expr"
        cur = orig
        i = 1
        while cur in result:
            suffix = str(i)
            cur = _clip(orig, NAMEDATALEN - 1 - len(suffix)) + suffix
            i += 1
        result.append(cur)
    return result


def pkey_name(table: str, ns: Namespace) -> str:
    return choose_relation_name(table, None, "pkey", ns, isconstraint=True)


def unique_name(table: str, columns: Iterable[str], ns: Namespace) -> str:
    return choose_relation_name(table, name_addition(columns), "key", ns, isconstraint=True)


def index_name(table: str, colnames: Iterable[str | None], ns: Namespace) -> str:
    """``<table>_<cols>_idx``; pass ``None`` (or a figured name) for expression keys, and
    include INCLUDE columns, as PostgreSQL does."""
    return choose_relation_name(table, name_addition(index_column_names(colnames)), "idx", ns)


def fkey_name(table: str, columns: Iterable[str], ns: Namespace) -> str:
    return choose_constraint_name(table, name_addition(columns), "fkey", ns)


def check_name(table: str, column: str | None, ns: Namespace, others: Iterable[str] = ()) -> str:
    """``<table>_<col>_check`` when the expression uses exactly one column, else ``<table>_check``;
    ``others``: names already chosen for this table's checks in the same statement."""
    return choose_constraint_name(table, column, "check", ns, others)


def not_null_name(table: str, column: str, ns: Namespace) -> str:
    """PostgreSQL 18 names NOT NULL constraints ``<table>_<col>_not_null``."""
    return choose_constraint_name(table, column, "not_null", ns)


def sequence_name(table: str, column: str, ns: Namespace) -> str:
    """The sequence behind a serial or identity column: ``<table>_<col>_seq``."""
    return choose_relation_name(table, column, "seq", ns)


_FUNC = re.compile(r'^\s*(?:(?:"[^"]+"|[A-Za-z_][\w$]*)\s*\.\s*)*(?:"(?P<q>[^"]+)"|(?P<u>[A-Za-z_][\w$]*))\s*\(')
_SQL_VALUE = {"current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
              "current_role", "current_user", "user", "session_user", "current_catalog", "current_schema"}


@functools.lru_cache(maxsize=16384)  # large schemas repeat the same expressions
def figure_index_colname(expression: str) -> str | None:
    """FigureIndexColname: the name PostgreSQL gives an index expression (``lower(email)`` ->
    ``lower``; a cast -> its argument's name or the type; CASE -> ``case``); None -> ``expr``."""
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(f"SELECT {expression}", read="postgres")
        node = tree.expressions[0] if isinstance(tree, exp.Select) and len(tree.expressions) == 1 else None
    except Exception:  # noqa: BLE001 - unparsable: the validator reports it
        return None
    return _figure(node, expression)


def _figure(node, text: str | None) -> str | None:
    from sqlglot import exp

    while isinstance(node, exp.Paren):
        node, text = node.this, None
    if node is None:
        return None
    if isinstance(node, exp.Column):
        return node.name
    if isinstance(node, exp.Cast):
        inner = _figure(node.this, None)
        if inner:
            return inner
        return _cast_type_name(node.to)
    for kind, name in ((exp.Case, "case"), (exp.Coalesce, "coalesce"), (exp.Array, "array"), (exp.Exists, "exists"),
                       (exp.Nullif, "nullif"), (exp.Greatest, "greatest"), (exp.Least, "least")):
        if isinstance(node, kind):  # constructs PostgreSQL names after their keyword
            return name
    src = text if text is not None else node.sql(dialect="postgres")
    low = src.strip().lower()
    if low in _SQL_VALUE:
        return low
    if isinstance(node, exp.Func):
        m = _FUNC.match(src)
        if m:
            return m.group("q") or m.group("u").lower()
    return None


_CAST_NAMES = {"integer": "int4", "int": "int4", "bigint": "int8", "smallint": "int2", "boolean": "bool",
               "real": "float4", "double precision": "float8", "timestamp with time zone": "timestamptz",
               "timestamp": "timestamp", "character varying": "varchar", "varchar": "varchar",
               "time with time zone": "timetz", "decimal": "numeric", "char": "bpchar", "character": "bpchar"}


def _cast_type_name(to) -> str | None:
    text = to.sql(dialect="postgres").lower()
    text = re.sub(r"\(.*\)", "", text).strip()
    if text.endswith("[]"):
        return None
    text = _CAST_NAMES.get(text, text)
    return text.split(".")[-1].strip('"')
