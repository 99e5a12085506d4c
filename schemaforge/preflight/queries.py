"""The read-only SQL of each check: a count and a sample query a person can run.

Every name is quoted by :func:`schemaforge.idents.qualified_name` / ``quote``, every label is a literal
(:func:`schemaforge.idents.literal`); numbers come from the type the statement names, read
as digits. Nothing here evaluates an expression from YAML or a migration file.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..idents import literal
from ..idents import qualified_name as qq
from ..idents import quote as q
from .statements import Spec

SAMPLE_ROWS = 10


@dataclass(frozen=True)
class Column:
    """What the catalog says of a column the check reads: its type category and name."""

    category: str  # pg_type.typcategory: N numeric, S string, ...
    type: str  # format_type text


@dataclass(frozen=True)
class Query:
    count: str  # one row, one bigint
    sample: str  # what to run to see the offending rows
    what: str  # "NULL in email", for messages


def build(spec: Spec, column: Column | None, server_version: int) -> Query | None:
    """The queries of ``spec``; None when this check cannot be done here (a source type we do
    not read, text to numeric on PostgreSQL before 16)."""
    t = qq(spec.table)
    cols = ", ".join(q(c) for c in spec.columns)
    if spec.kind == "nulls":
        where = f"{q(spec.columns[0])} IS NULL"
        return Query(f"SELECT count(*) FROM {t} WHERE {where}", f"SELECT * FROM {t} WHERE {where} LIMIT {SAMPLE_ROWS}",
                     describe(spec))
    if spec.kind == "duplicates":
        where = (" WHERE " + " AND ".join(f"{q(c)} IS NOT NULL" for c in spec.columns)) if spec.nulls_distinct else ""
        groups = f"SELECT {cols}, count(*) AS copies FROM {t}{where} GROUP BY {cols} HAVING count(*) > 1"
        return Query(f"SELECT count(*) FROM ({groups}) AS duplicated",
                     f"{groups} ORDER BY copies DESC, {cols} LIMIT {SAMPLE_ROWS}",
                     describe(spec))
    if spec.kind == "orphans":
        assert spec.ref_table is not None
        present = " AND ".join(f"c.{q(a)} IS NOT NULL" for a in spec.columns)
        match = " AND ".join(f"p.{q(b)} = c.{q(a)}" for a, b in zip(spec.columns, spec.ref_columns, strict=True))
        where = f"{present} AND NOT EXISTS (SELECT FROM {qq(spec.ref_table)} AS p WHERE {match})"
        return Query(f"SELECT count(*) FROM {t} AS c WHERE {where}",
                     f"SELECT c.* FROM {t} AS c WHERE {where} LIMIT {SAMPLE_ROWS}",
                     describe(spec))
    if spec.kind == "enum":
        labels = "ARRAY[" + ", ".join(literal(v) for v in spec.labels) + "]::text[]"
        c = q(spec.columns[0])
        where = (f"EXISTS (SELECT FROM unnest({c}::text[]) AS v WHERE v <> ALL ({labels}))" if spec.array
                 else f"{c} IS NOT NULL AND {c}::text <> ALL ({labels})")
        return Query(f"SELECT count(*) FROM {t} WHERE {where}", f"SELECT * FROM {t} WHERE {where} LIMIT {SAMPLE_ROWS}",
                     describe(spec))
    if spec.kind == "rounded" and column is not None and column.type in ("smallint", "integer", "bigint"):
        return None  # integers are never rounded
    if spec.kind in ("misfit", "rounded") and column is not None:
        where = (misfit if spec.kind == "misfit" else rounded)(q(spec.columns[0]), spec.new_type, column.category,
                                                               server_version)
        if where is None:
            return None
        return Query(f"SELECT count(*) FROM {t} WHERE {where}", f"SELECT * FROM {t} WHERE {where} LIMIT {SAMPLE_ROWS}",
                     describe(spec))
    return None


def describe(spec: Spec) -> str:
    """What a check counts, in words: ``row(s) with NULL in email``."""
    shown = ", ".join(spec.columns)
    if spec.kind == "nulls":
        return f"row(s) with NULL in {shown}"
    if spec.kind == "duplicates":
        return f"value(s) of ({shown}) held by more than one row"
    if spec.kind == "orphans":
        return f"row(s) whose ({shown}) has no match in {spec.ref_table}"
    if spec.kind == "enum":
        return f"row(s) whose {shown} holds a label the new enum type does not have"
    if spec.kind == "rounded":
        return f"row(s) whose {shown} the conversion to {type_text(spec.new_type)} rounds"
    return f"row(s) whose {shown} does not fit {type_text(spec.new_type)}"


def type_text(new_type: tuple) -> str:
    kind = new_type[0]
    if kind == "length":
        return f"{new_type[1]} characters"
    if kind == "int":
        return {16: "smallint", 32: "integer", 64: "bigint"}[new_type[1]]
    return f"numeric({new_type[1]},{new_type[2]})"


_INT_PATTERN = "'^[[:space:]]*[-+]?[0-9]+[[:space:]]*$'"


def misfit(c: str, new_type: tuple, category: str, server_version: int) -> str | None:
    """A predicate true for values of column ``c`` that the conversion to ``new_type`` would
    refuse or change. ``pg_input_is_valid`` (16 and later) reads text; before 16 integers in
    text are matched by pattern and range, and text to numeric is not checked."""
    kind = new_type[0]
    if kind == "length":
        return f"length({c}::text) > {int(new_type[1])}"
    if kind == "int":
        bits = int(new_type[1])
        lo, hi = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
        if category == "N":  # out of range (a fraction is rounded: see rounded())
            return f"({c}::numeric < {lo} OR {c}::numeric > {hi})"
        if category == "S":
            if server_version >= 160000:
                name = {16: "smallint", 32: "integer", 64: "bigint"}[bits]
                return f"NOT pg_input_is_valid({c}::text, '{name}')"
            digits = f"regexp_replace({c}::text, '[[:space:]]', '', 'g')::numeric"
            return (f"{c} IS NOT NULL AND CASE WHEN {c}::text ~ {_INT_PATTERN} THEN {digits} NOT BETWEEN {lo} AND {hi} "
                    "ELSE true END")
        return None
    if kind == "numeric":
        p, s = int(new_type[1]), int(new_type[2])
        if category == "N":  # too many digits before the point, once rounded to the new scale
            n = f"{c}::numeric"
            return f"({n} <> 'NaN' AND abs(round({n}, {s})) >= power(10::numeric, {p - s}))"
        if category == "S" and server_version >= 160000:
            return f"NOT pg_input_is_valid({c}::text, 'numeric({p},{s})')"
        return None
    return None


def rounded(c: str, new_type: tuple, category: str, server_version: int) -> str | None:
    """A predicate true for values of column ``c`` that the conversion accepts but rounds (to
    an integer, or to the new scale): the data changes, the migration does not fail. Only from
    a numeric type (text holding a fraction is refused by the integer input, not rounded)."""
    if category != "N" or new_type[0] not in ("int", "numeric"):
        return None
    n = f"{c}::numeric"
    s = 0 if new_type[0] == "int" else int(new_type[2])
    return f"({n} <> 'NaN' AND {n} <> round({n}, {s}))"
