"""SQL for extended statistics and for a column's statistics target, storage and compression."""

from __future__ import annotations

from .. import changes as ch
from ..changes.statistics import ColumnOptions
from ..model import Column, QName, Statistics
from .locks import Statement, tagged
from .registry import renders
from .sql import comment_sql, q, qn, qq


def statistics_def(table: QName, s: Statistics) -> str:
    """``CREATE STATISTICS schema.name (kinds) ON a, (expr) FROM schema.table``."""
    kinds = f" ({', '.join(s.kinds)})" if s.kinds else ""
    elements = [q(c) for c in s.columns] + [f"({e})" for e in s.expressions]
    return f"CREATE STATISTICS {qn(table.schema, s.name)}{kinds} ON {', '.join(elements)} FROM {qq(table)}"


def _settings(table: QName, s: Statistics, old: Statistics | None) -> list[Statement]:
    out = []
    target = None if old is None else old.target
    if s.target != target:
        value = -1 if s.target is None else s.target
        out.append(tagged("statistics", f"ALTER STATISTICS {qn(table.schema, s.name)} SET STATISTICS {value}"))
    if s.comment != (None if old is None else old.comment):
        out.append(comment_sql("STATISTICS", qn(table.schema, s.name), s.comment))
    return out


@renders(ch.CreateStatistics)
def _create_statistics(c: ch.CreateStatistics) -> list[str]:
    return [tagged("statistics", statistics_def(c.table, c.statistics)), *_settings(c.table, c.statistics, None)]


@renders(ch.DropStatistics)
def _drop_statistics(c: ch.DropStatistics) -> list[str]:
    return [tagged("statistics", f"DROP STATISTICS {qn(c.table.schema, c.statistics.name)}")]


@renders(ch.AlterStatistics)
def _alter_statistics(c: ch.AlterStatistics) -> list[str]:
    return list(_settings(c.table, c.new, c.old))


def options_of(c: Column) -> ColumnOptions:
    return (c.statistics, c.storage, c.compression)


# The storage of built-in variable-length types that is not EXTENDED (fixed-length types only
# allow PLAIN, so a column's storage is never anything else for them).
_TYPE_STORAGE = {"numeric": "main", "inet": "main", "cidr": "main", "tsquery": "plain", "int2vector": "plain",
                 "oidvector": "plain"}
_EXTENDED = frozenset({"text", "character varying", "character", "bytea", "json", "jsonb", "xml", "tsvector", "bit",
                       "bit varying", "jsonpath", "path", "polygon", "refcursor"})


def type_storage(type_text: str) -> str:
    """What ``SET STORAGE`` resets a column of this type to: the type's own storage when it is
    known here (PostgreSQL 15 has no ``SET STORAGE DEFAULT``), else ``DEFAULT`` (16 and later)."""
    base = type_text.split("(", 1)[0].strip()
    if type_text.endswith("]"):
        return "extended"
    if base in _TYPE_STORAGE:
        return _TYPE_STORAGE[base]
    return "extended" if base in _EXTENDED or base.endswith("range") else "default"


def column_option_statements(table: QName, column: str, old: ColumnOptions, new: ColumnOptions,
                             type_text: str = "") -> list[Statement]:
    """The ALTER TABLE statements that take a column from ``old`` to ``new`` settings; the
    statistics target apart: it takes a weaker lock."""
    col = f"ALTER TABLE {qq(table)} ALTER COLUMN {q(column)}"
    out: list[Statement] = []
    if new[0] != old[0]:
        out.append(tagged("statistics", f"{col} SET STATISTICS {-1 if new[0] is None else new[0]}"))
    actions = []
    if new[1] != old[1]:
        actions.append(f"SET STORAGE {(new[1] or type_storage(type_text)).upper()}")
    if new[2] != old[2]:
        actions.append(f"SET COMPRESSION {new[2] or 'default'}")
    if actions:
        out.append(tagged("alter_column", f"{col} " + ", ".join(actions)))
    return out


def created_column_options(table: QName, columns: tuple[Column, ...]) -> list[Statement]:
    """What CREATE TABLE / ADD COLUMN cannot say inline on every server: each column's settings."""
    default: ColumnOptions = (None, None, None)
    return [s for c in columns if options_of(c) != default
            for s in column_option_statements(table, c.name, default, options_of(c))]


@renders(ch.SetColumnOptions)
def _set_column_options(c: ch.SetColumnOptions) -> list[str]:
    return list(column_option_statements(c.table, c.column, c.old, c.new, type_text=c.type))



def retyped_column_options(table: QName, c: Column) -> list[Statement]:
    """After ``ALTER COLUMN ... TYPE``: PostgreSQL resets storage and compression (the
    statistics target stays), so a column's own settings are set again."""
    return column_option_statements(table, c.name, (c.statistics, None, None), options_of(c), c.type)
