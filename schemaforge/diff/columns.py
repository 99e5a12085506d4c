"""Columns of one table: added, dropped, altered in place, or (a changed generation
expression) dropped and added again; and the NOT NULL constraint names of PostgreSQL 18."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..equiv import canonical
from ..model import Column, Table
from ..naming import default_not_null_name
from .catalog_text import is_serial_default
from .column_options import column_option_changes, options_of
from .keys import by_key


def diff_columns(o: Table, n: Table, named_not_nulls: bool) -> tuple[list[ch.Change], bool]:
    """Column changes from ``o`` to ``n`` (renames already applied to ``o``), and whether
    dependent views feel them (a column dropped, regenerated or retyped)."""
    out: list[ch.Change] = []
    touched = False
    qn = n.qname
    oc, nc = by_key(o.columns), by_key(n.columns)
    for col in n.columns:
        if col.name not in oc:
            out.append(ch.AddColumn(qn, col))
    for col in o.columns:
        if col.name not in nc:
            out.append(ch.DropColumn(qn, col))
            touched = True
    for name in [c.name for c in n.columns if c.name in oc]:
        changes, column_touched = _diff_column(o, n, oc[name], nc[name], named_not_nulls)
        out += changes
        touched = touched or column_touched
    return out, touched


def _diff_column(o: Table, n: Table, a: Column, b: Column, named_not_nulls: bool) -> tuple[list[ch.Change], bool]:
    """One column present on both sides: ``a`` (current) to ``b`` (desired)."""
    out: list[ch.Change] = []
    qn = n.qname
    if named_not_nulls:
        out += not_null_renames(o, a, b)
    if not a.nullable and not b.nullable and a.not_null_valid != b.not_null_valid:  # PostgreSQL 18
        out.append(ch.SetNotNullValid(qn, b.name, _not_null_name(n, b) or "", b.not_null_valid))
    if a == b or (column_core(a) == column_core(b) and a.comment == b.comment and options_of(a) == options_of(b)):
        return out, False
    if canonical(a.generated) != canonical(b.generated) or _kind(a) != _kind(b):
        return [*out, ch.DropColumn(qn, a), ch.AddColumn(qn, b)], True
    touched = False
    if _swaps_serial_and_identity(a, b):  # release first: both want <table>_<column>_seq
        mid = replace(a, default=None, identity=None)
        out.append(ch.AlterColumn(qn, a, mid, early=True))
        a = mid
    if column_core(a) != column_core(b):
        out.append(ch.AlterColumn(qn, a, replace(b, comment=a.comment), *_using(a, b)))
        touched = a.type != b.type
    if a.comment != b.comment:
        out.append(ch.SetComment("COLUMN", (n.schema, n.name, b.name), a.comment, b.comment))
    out += column_option_changes(qn, a, b)
    return out, touched


def column_core(c: Column) -> tuple:
    """What ALTER COLUMN changes (expressions in canonical form); the comment is apart."""
    return (c.type, c.nullable, canonical(c.default), c.identity, c.collation, canonical(c.generated), _kind(c))


def _kind(c: Column) -> str | None:
    """stored or virtual for a generated column (a change of kind is drop + add: PostgreSQL
    has no ALTER for it; the values are derived, so nothing is lost), None otherwise."""
    return c.generated_kind if c.generated is not None else None


def _swaps_serial_and_identity(a: Column, b: Column) -> bool:
    def serial(c: Column) -> bool:
        return c.identity is None and is_serial_default(c.default)

    return (serial(a) and b.identity is not None) or (a.identity is not None and serial(b))


def _using(a: Column, b: Column) -> tuple[str | None, str | None]:
    """The YAML's ``using:`` / ``using_down:`` when the type changes; the conversions
    PostgreSQL needs otherwise are found from the catalog (:mod:`schemaforge.typecast`)."""
    if a.type == b.type:
        return None, None
    return b.using, b.using_down


def _not_null_name(t: Table, c: Column) -> str | None:
    if c.nullable:
        return None
    return c.not_null_name or default_not_null_name(t.name, c.name)


def not_null_renames(t: Table, a: Column, b: Column) -> list[ch.Change]:
    """RENAME CONSTRAINT for a PostgreSQL 18 NOT NULL whose name differs.

    A constraint that exists before the column changes is renamed before them
    (``before_alter``): a name it frees (a column or table renamed since PostgreSQL derived
    it) may be the default name of a column added or set NOT NULL in the same plan, and
    PostgreSQL would give that one ``<name>1`` if it were still taken. SET NOT NULL creates
    the constraint under its default name, renamed after the alter; a named constraint about
    to be dropped is first given its default name, so the down script (SET NOT NULL, then
    the reverse rename) restores the original name.
    """
    qn, default = t.qname, default_not_null_name(t.name, b.name)
    old, new = _not_null_name(t, a), _not_null_name(t, b)
    if old and new and old != new:
        return [ch.RenameNotNull(qn, b.name, old, new, before_alter=True)]
    if old is None and new is not None and new != default:
        return [ch.RenameNotNull(qn, b.name, default, new)]
    if new is None and old is not None and old != default:
        return [ch.RenameNotNull(qn, b.name, old, default, before_alter=True)]
    return []
