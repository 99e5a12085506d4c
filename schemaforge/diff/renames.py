"""A current table as it reads after a rename, so it can be compared like any other.

Renames come only from explicit ``renamed_from`` hints. After ``RENAME TO`` or ``RENAME
COLUMN``, PostgreSQL keeps the names it once derived from the old name (identity sequences;
NOT NULL constraints on 18) and prints expressions with the new column name; predicting
both here is what keeps constraint and index names exact after a rename.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Column, Table
from ..naming import default_not_null_name, default_sequence_name
from .catalog_text import rename_column_in


def renamed_table(t: Table, new_name: str, named_not_nulls: bool) -> Table:
    """The current table as it reads after ``RENAME TO new_name``: the names PostgreSQL derived
    from the old name (identity sequences; NOT NULL constraints on 18) stay behind."""
    cols = tuple(keep_derived_names(t.name, c, named_not_nulls) for c in t.columns)
    return replace(t, name=new_name, columns=cols)


def keep_derived_names(table: str, c: Column, named_not_nulls: bool) -> Column:
    """``c`` with the names derived from ``table`` and its current name made explicit."""
    if c.identity is not None and c.identity.sequence_name is None:
        c = replace(c, identity=replace(c.identity, sequence_name=default_sequence_name(table, c.name)))
    if named_not_nulls and not c.nullable and c.not_null_name is None:
        c = replace(c, not_null_name=default_not_null_name(table, c.name))
    return c


def renamed_column(t: Table, old: str, new: str, named_not_nulls: bool = False) -> Table:
    """The current table as it reads after ``RENAME COLUMN old TO new``: the column, the
    constraints and indexes over it, and the expressions that name it (see
    :func:`~schemaforge.diff.catalog_text.rename_column_in`)."""
    t = replace(t, columns=tuple(
        keep_derived_names(t.name, c, named_not_nulls) if c.name == old else c for c in t.columns
    ))
    sub = lambda names: tuple(new if n == old else n for n in names)  # noqa: E731
    txt = lambda s: rename_column_in(s, old, new)  # noqa: E731
    return replace(
        t,
        columns=tuple(replace(c, name=new) if c.name == old else c for c in t.columns),
        primary_key=replace(t.primary_key, columns=sub(t.primary_key.columns)) if t.primary_key else None,
        uniques=tuple(replace(u, columns=sub(u.columns)) for u in t.uniques),
        checks=tuple(replace(k, expression=txt(k.expression)) for k in t.checks),
        foreign_keys=tuple(replace(f, columns=sub(f.columns)) for f in t.foreign_keys),
        indexes=tuple(
            replace(
                i,
                elements=tuple(
                    replace(e, column=new if e.column == old else e.column, expression=txt(e.expression))
                    for e in i.elements
                ),
                include=sub(i.include),
                where=txt(i.where),
            )
            for i in t.indexes
        ),
    )
