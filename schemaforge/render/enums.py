"""SQL for enum changes, including the rename-create-convert-drop of a recreated enum."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..changes.enums import Columns
from ..model import Enum
from .domains import domain_create
from .locks import tagged
from .registry import render_change, renders
from .sql import comment_sql, literal, q, qn, qq
from .views import view_rebuilt


def _enum_create(e: Enum) -> list[str]:
    out = [f"CREATE TYPE {qq(e.qname)} AS ENUM ({', '.join(literal(v) for v in e.labels)})"]
    if e.comment is not None:
        out.append(comment_sql("TYPE", qq(e.qname), e.comment))
    return out


@renders(ch.CreateEnum)
def _create_enum(c: ch.CreateEnum) -> list[str]:
    return _enum_create(c.enum)


@renders(ch.DropEnum)
def _drop_enum(c: ch.DropEnum) -> list[str]:
    return [f"DROP TYPE {qq(c.enum.qname)}"]


@renders(ch.AddEnumValues)
def _add_enum_values(c: ch.AddEnumValues) -> list[str]:
    out = []
    labels = list(c.old.labels)
    for i, v in enumerate(c.new.labels):
        if v in labels:
            continue
        after = c.new.labels[i - 1] if i > 0 else None
        if after is None:
            out.append(f"ALTER TYPE {qq(c.new.qname)} ADD VALUE {literal(v)} BEFORE {literal(labels[0])}")
            labels.insert(0, v)
        else:
            out.append(f"ALTER TYPE {qq(c.new.qname)} ADD VALUE {literal(v)} AFTER {literal(after)}")
            labels.insert(labels.index(after) + 1, v)
    return out


@renders(ch.RenameEnumValue)
def _rename_enum_value(c: ch.RenameEnumValue) -> list[str]:
    return [f"ALTER TYPE {qq(c.enum)} RENAME VALUE {literal(c.old_label)} TO {literal(c.new_label)}"]


def _convert(columns: Columns, type_name: str) -> list[str]:
    """Each column given the type ``type_name`` (the new enum or a domain over it) through text."""
    out = []
    for table, column, old_default, new_default, is_array in columns:
        col, arr = q(column), "[]" if is_array else ""
        if old_default is not None:
            out.append(tagged("alter_column", f"ALTER TABLE {qq(table)} ALTER COLUMN {col} DROP DEFAULT"))
        out.append(tagged(
            "alter_column_type", f"ALTER TABLE {qq(table)} ALTER COLUMN {col} TYPE {type_name}{arr} "
            f"USING {col}::text{arr}::{type_name}{arr}"
        ))
        if new_default is not None:
            out.append(tagged("alter_column", f"ALTER TABLE {qq(table)} ALTER COLUMN {col} SET DEFAULT {new_default}"))
    return out


@renders(ch.RecreateEnum)
def _recreate_enum(c: ch.RecreateEnum) -> list[str]:
    old_name = f"{c.old.name}__forge_old"
    out = [s for t, p, cols in c.policies for s in render_change(ch.DropPolicy(t, p, cols))]
    out += [s for v in reversed(c.views) for s in render_change(ch.DropView(v))]
    out.append(f"ALTER TYPE {qq(c.old.qname)} RENAME TO {q(old_name)}")
    out += _enum_create(c.new)
    out += _convert(c.columns, qq(c.new.qname))
    for d, columns in c.domains:  # a domain over the enum: created again over the new type
        old_domain = f"{d.name}__forge_old"
        out.append(tagged("alter_domain", f"ALTER DOMAIN {qq(d.qname)} RENAME TO {q(old_domain)}"))
        # NOT NULL once the old domain is gone: its generated name (18) is free again only then
        out += domain_create(replace(d, not_null=False))
        out += _convert(columns, qq(d.qname))
        out.append(tagged("drop_object", f"DROP DOMAIN {qn(d.schema, old_domain)}"))
        if d.not_null:
            out.append(tagged("alter_domain_check", f"ALTER DOMAIN {qq(d.qname)} SET NOT NULL"))
    out.append(tagged("drop_object", f"DROP TYPE {qn(c.old.schema, old_name)}"))
    out += [s for v in c.views for s in view_rebuilt(v)]
    out += [s for t, p, cols in c.policies for s in render_change(ch.CreatePolicy(t, p, cols))]
    return out

