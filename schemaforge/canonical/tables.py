"""A whole table as :func:`schemaforge.normalize.normalize` would return it, or None.

Besides the expressions, what the catalog adds is names: PostgreSQL 18 names every NOT NULL
``<table>_<column>_not_null`` and an identity column's sequence ``<table>_<column>_seq``,
each with a digit appended when the name is taken in the schema. The model keeps those names
only when they differ from the default, so the canonical form is the default exactly when no
collision is possible: any name the schema's other objects could hold makes the table
unproven. So does a name PostgreSQL would truncate, an empty comment (``COMMENT ... IS ''``
removes it), or anything outside the proven grammar.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

from ..model import Column, Database, Sequence, SequenceOptions, Table, by_name, evolve
from ..naming import default_not_null_name, default_sequence_name
from .checks import canonical_condition
from .defaults import canonical_default
from .indexes import canonical_index
from .literals import Unproven
from .types import canonical_type, family

MIN_VERSION, MAX_VERSION = 150000, 189999


@dataclass(frozen=True)
class _Names:
    """Per schema: how many relations and constraints may claim each name."""

    relations: Counter
    constraints: Counter


def _nn_name(table: str, column: str) -> str:
    fast = f"{table}_{column}_not_null"  # most names need no truncation
    return fast if len(fast) <= 63 and fast.isascii() else default_not_null_name(table, column)


def _seq_name(table: str, column: str) -> str:
    fast = f"{table}_{column}_seq"
    return fast if len(fast) <= 63 and fast.isascii() else default_sequence_name(table, column)


_last: list = [None, None]  # (context, names): one context is asked about many tables


def _names(context: Database) -> dict[str, _Names]:
    if _last[0] is context:
        return _last[1]
    # every name listed, then counted at once (Counter's C loop, not a += per name)
    relations: dict[str, list[str]] = {}
    constraints: dict[str, list[str]] = {}
    for t in context.tables:
        rel = relations.setdefault(t.schema, [])
        con = constraints.setdefault(t.schema, [])
        table = t.name
        rel.append(table)
        for c in t.columns:
            con.append(_nn_name(table, c.name))
            if c.not_null_name:
                con.append(c.not_null_name)
            if c.identity is not None or c.default is not None:
                rel.append(_seq_name(table, c.name))
        rel.extend(i.name for i in (*t.indexes, *t.uniques, *t.exclusions))
        con.extend(c.name for c in (*t.uniques, *t.checks, *t.foreign_keys, *t.exclusions))
        if t.primary_key:
            rel.append(t.primary_key.name)
            con.append(t.primary_key.name)
    for kind in (context.sequences, context.views, context.enums, context.domains, context.composite_types):
        for o in kind:  # a type's array type takes a relation-like name too: be safe
            relations.setdefault(o.schema, []).append(o.name)
    out = {schema: _Names(Counter(names), Counter(constraints.get(schema, ()))) for schema, names in relations.items()}
    _last[0], _last[1] = context, out
    return out


def canonical_table(table: Table, context: Database, server_version: int,
                    memo: dict | None = None) -> tuple[Table, tuple[Sequence, ...]] | None:
    """(normalized table without foreign keys, owned sequences) as ``normalize`` caches it,
    or None when any part of it is not proven to be what PostgreSQL stores. ``memo``: shared by
    the calls of one pass, so that a column object shared by many tables is worked out once."""
    if not MIN_VERSION <= server_version <= MAX_VERSION:
        return None
    try:
        return _canonical(table, context, server_version, {} if memo is None else memo), ()
    except Unproven:
        return None


def _canonical(t: Table, context: Database, version: int, memo: dict) -> Table:
    if (t.exclusions or t.triggers or t.policies or t.statistics or t.partition_by or t.partition_of
            or t.partition_bound or t.storage or t.inherits
            or not t.columns or len(t.columns) > 1600 or not _fits(t.name) or not _schema_known(t.schema, context)):
        raise Unproven(t.name)
    if any(s.owned_by and s.owned_by[:2] == (t.schema, t.name) for s in context.sequences):
        raise Unproven("owned sequence")
    names = _names(context).get(t.schema)
    if names is None or names.relations[t.name] != 1:
        raise Unproven("name")
    families = {c.name: family(c.type) for c in t.columns}
    if len(families) != len(t.columns):
        raise Unproven("duplicate column")
    columns = tuple(_column(t, c, names, version, memo) for c in t.columns)
    pk = [t.primary_key.name] if t.primary_key else []
    rel_names = [i.name for i in (*t.indexes, *t.uniques)] + pk
    con_names = [c.name for c in (*t.uniques, *t.checks, *t.foreign_keys)] + pk
    if (any(names.relations[n] != 1 for n in rel_names) or len(set(con_names)) != len(con_names)
            or not all(_fits(n) for n in (*rel_names, *con_names))):
        raise Unproven("constraint names")
    for key in [*(u.columns for u in t.uniques), *([t.primary_key.columns] if t.primary_key else [])]:
        if not key or len(set(key)) != len(key) or any(k not in families for k in key):
            raise Unproven("key")
    if t.primary_key and (t.primary_key.comment == "" or any(c.nullable for c in t.columns if c.name in t.primary_key.columns)):
        raise Unproven("primary key")
    if any(u.comment == "" for u in t.uniques):
        raise Unproven("empty comment")
    checks = tuple(_check(c, families) for c in t.checks)
    indexes = tuple(canonical_index(i, families) for i in t.indexes)
    comments = [o.comment for o in (t, *t.columns, *t.checks, *t.indexes, *t.uniques, t.primary_key) if o is not None]
    if any(c == "" or "\x00" in c for c in comments if c is not None) or any(len(i.elements) > 32 for i in t.indexes):
        raise Unproven("comment or index size")
    # one copy, in Table.sorted()'s order (exclusions and triggers are empty here)
    return evolve(t, columns=columns, checks=by_name(checks), indexes=by_name(indexes), uniques=by_name(t.uniques),
                   foreign_keys=(), renamed_from=None)


# PostgreSQL refuses a column named like a system column: the server must say so
_SYSTEM_COLUMNS = frozenset({"tableoid", "cmax", "xmax", "cmin", "xmin", "ctid", "oid"})


@functools.lru_cache(maxsize=65536)
def _fits(name: str) -> bool:
    return 0 < len(name.encode()) <= 63 and "\x00" not in name


def _schema_known(schema: str, context: Database) -> bool:
    return schema == "public" or any(s.name == schema for s in context.schemas)


def _check(c, families: dict[str, str | None]):
    if c.no_inherit or c.comment == "":
        raise Unproven(c.name)
    expression = canonical_condition(c.expression, families)
    return c if expression == c.expression else evolve(c, expression=expression)


def _column(t: Table, c: Column, names, version: int, memo: dict) -> Column:
    """The column's canonical form: its own part worked out once per column object (``memo``;
    equal columns are shared between tables), the names it makes checked for each table."""
    hit = memo.get(id(c))
    if hit is None or hit[0] is not c:
        hit = memo[id(c)] = (c, _own_column(c))
    if hit[1] is None:
        raise Unproven(c.name)
    if version >= 180000 and not c.nullable and names.constraints[_nn_name(t.name, c.name)] != 1:
        raise Unproven("not null name")
    if c.identity is not None and names.relations[_seq_name(t.name, c.name)] != 1:
        raise Unproven("identity sequence name")
    return hit[1]


def _own_column(c: Column) -> Column | None:
    """What needs no table: the canonical column, or None when it is not proven."""
    if (not _fits(c.name) or c.name in _SYSTEM_COLUMNS or canonical_type(c.type) != c.type or c.generated is not None
            or c.collation is not None or c.comment == "" or c.not_null_name is not None
            or (c.statistics, c.storage, c.compression) != (None, None, None)):
        return None
    default = c.default
    if c.identity is not None:
        ident = c.identity
        if (default is not None or c.nullable or family(c.type) not in ("int", "int8", "int2")
                or ident.sequence_name is not None or ident.options != SequenceOptions()):
            return None
    elif default is not None:
        try:
            default = canonical_default(default, c.type, family(c.type))
        except Unproven:
            return None
    if default == c.default and c.renamed_from is None and c.using is None and c.using_down is None:
        return c  # the common case: nothing to change, no copy
    return evolve(c, default=default, renamed_from=None, using=None, using_down=None)


def prove_tables(tables, context: Database, server_version: int) -> dict:
    """{qname: (table, owned sequences)} for each of ``tables`` proven locally."""
    out = {}
    memo: dict = {}
    for t in tables:
        found = canonical_table(t, context, server_version, memo)
        if found is not None:
            out[t.qname] = found
    return out
