"""SQL pieces several kinds share: quoting, literals, column, constraint and index clauses.

Identifiers are always quoted (``idents.quote``, held to sqlglot's quoting by a test), so
reserved words, mixed case, spaces and quotes survive; string literals double their quotes
(``standard_conforming_strings``: a backslash is itself). Types, defaults, checks, index expressions and view bodies are user or
catalog text and are emitted verbatim: sqlglot is lossy on serial types, ``interval(p)``,
identity/sequence options and many expressions, so DDL statements are small templates here.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import changes as ch
from ..idents import literal, qualified, qualified_name, quote
from ..model import Check, Column, Exclusion, ForeignKey, Index, PrimaryKey, QName, SequenceOptions, Unique
from ..naming import default_not_null_name
from .locks import Statement, tagged

q = quote  # every identifier in rendered SQL is quoted


qn = qualified


qq = qualified_name




def cols(names: Iterable[str]) -> str:
    return ", ".join(q(n) for n in names)


# --- pieces several kinds share ---------------------------------------------------------------------------------


def seq_options(o: SequenceOptions) -> str:
    parts = []
    if o.increment is not None:
        parts.append(f"INCREMENT BY {o.increment}")
    if o.min_value is not None:
        parts.append(f"MINVALUE {o.min_value}")
    if o.max_value is not None:
        parts.append(f"MAXVALUE {o.max_value}")
    if o.start is not None:
        parts.append(f"START WITH {o.start}")
    if o.cache is not None:
        parts.append(f"CACHE {o.cache}")
    if o.cycle:
        parts.append("CYCLE")
    return " ".join(parts)


def identity_clause(c: Column, schema: str | None = None) -> str:
    assert c.identity is not None
    kind = "ALWAYS" if c.identity.always else "BY DEFAULT"
    opts = seq_options(c.identity.options)
    if c.identity.sequence_name is not None:
        opts = f"SEQUENCE NAME {qn(schema, c.identity.sequence_name)} {opts}".rstrip()
    return f"GENERATED {kind} AS IDENTITY" + (f" ({opts})" if opts else "")


def column_def(c: Column, schema: str | None = None) -> str:
    parts = [q(c.name), c.type]
    if c.collation:
        parts.append(f"COLLATE {c.collation}")
    if c.generated is not None:
        parts.append(f"GENERATED ALWAYS AS ({c.generated}) {c.generated_kind.upper()}")
    elif c.identity is not None:
        parts.append(identity_clause(c, schema))
    elif c.default is not None:
        parts.append(f"DEFAULT {c.default}")
    if not c.nullable and c.not_null_valid:  # a NOT VALID one is added after: not_valid_not_null
        parts.append((f"CONSTRAINT {q(c.not_null_name)} " if c.not_null_name else "") + "NOT NULL")
    return " ".join(parts)


def not_valid_not_null(table: QName, c: Column, name: str | None = None) -> str:
    """``ADD CONSTRAINT ... NOT NULL col NOT VALID`` (PostgreSQL 18): a column definition and
    CREATE TABLE cannot say NOT VALID (CREATE TABLE validates it: there are no rows)."""
    name = name or c.not_null_name or default_not_null_name(table.name, c.name)
    return tagged("add_not_null_not_valid",
                  f"ALTER TABLE {qq(table)} ADD CONSTRAINT {q(name)} NOT NULL {q(c.name)} NOT VALID")


def _deferral(c) -> str:
    if not c.deferrable:
        return ""
    return " DEFERRABLE INITIALLY DEFERRED" if c.initially_deferred else " DEFERRABLE"


def _key_cols(columns: tuple[str, ...], without_overlaps: bool) -> str:
    """Key columns; a temporal key (PostgreSQL 18) ends with ``<range> WITHOUT OVERLAPS``."""
    return cols(columns) + (" WITHOUT OVERLAPS" if without_overlaps else "")


def _period_cols(columns: tuple[str, ...], period: bool) -> str:
    """Foreign key columns; a temporal one (PostgreSQL 18) says ``PERIOD`` before the last."""
    if not period:
        return cols(columns)
    return ", ".join([*(q(c) for c in columns[:-1]), f"PERIOD {q(columns[-1])}"])


def constraint_def(c: ch.Constraint) -> str:
    if isinstance(c, PrimaryKey):
        body = f"PRIMARY KEY ({_key_cols(c.columns, c.without_overlaps)}){_deferral(c)}"
    elif isinstance(c, Exclusion):
        elems = ", ".join(f"{e} WITH {op}" for e, op in c.elements)
        body = f"EXCLUDE USING {c.method} ({elems})"
        if c.include:
            body += f" INCLUDE ({cols(c.include)})"
        if c.where:
            body += f" WHERE ({c.where})"
        body += _deferral(c)
    elif isinstance(c, Unique):
        nnd = " NULLS NOT DISTINCT" if c.nulls_not_distinct else ""
        body = f"UNIQUE{nnd} ({_key_cols(c.columns, c.without_overlaps)}){_deferral(c)}"
    elif isinstance(c, Check):
        body = (f"CHECK ({c.expression})" + (" NO INHERIT" if c.no_inherit else "")
                + ("" if c.enforced else " NOT ENFORCED") + ("" if c.valid else " NOT VALID"))
    elif isinstance(c, ForeignKey):
        body = (f"FOREIGN KEY ({_period_cols(c.columns, c.period)}) REFERENCES {qq(c.ref_table)}"
                f" ({_period_cols(c.ref_columns, c.period)})")
        if c.match == "FULL":
            body += " MATCH FULL"
        if c.on_update != "NO ACTION":
            body += f" ON UPDATE {c.on_update}"
        if c.on_delete != "NO ACTION":
            body += f" ON DELETE {c.on_delete}"
        body += _deferral(c) + ("" if c.enforced else " NOT ENFORCED") + ("" if c.valid else " NOT VALID")
    else:  # pragma: no cover
        raise TypeError(c)
    return f"CONSTRAINT {q(c.name)} {body}"


def index_def(table: QName, ix: Index, *, concurrently: bool = False) -> str:
    elems = []
    for e in ix.elements:
        elems.append((q(e.column) if e.column is not None else f"({e.expression})") + e.options_sql())
    sql = "CREATE " + ("UNIQUE " if ix.unique else "") + "INDEX " + ("CONCURRENTLY " if concurrently else "")
    sql += f"{q(ix.name)} ON {qq(table)}"
    if ix.method != "btree":
        sql += f" USING {ix.method}"
    sql += f" ({', '.join(elems)})"
    if ix.include:
        sql += f" INCLUDE ({cols(ix.include)})"
    if ix.nulls_not_distinct:
        sql += " NULLS NOT DISTINCT"
    if ix.storage:
        sql += " WITH (" + ", ".join(f"{k} = {v}" for k, v in ix.storage) + ")"
    if ix.where:
        sql += f" WHERE {ix.where}"
    return sql


def comment_sql(target: str, obj: str, text: str | None) -> Statement:
    return tagged("comment", f"COMMENT ON {target} {obj} IS {literal(text)}")
