"""SQL for composite type changes."""

from __future__ import annotations

from .. import changes as ch
from ..model import CompositeType
from .registry import renders
from .sql import comment_sql, q, qq


def _attribute_def(a: tuple[str, str, str | None]) -> str:
    name, typ, collation = a
    return f"{q(name)} {typ}" + (f" COLLATE {collation}" if collation else "")


@renders(ch.CreateCompositeType)
def _create_composite_type(c: ch.CreateCompositeType) -> list[str]:
    t: CompositeType = c.type
    out = [f"CREATE TYPE {qq(t.qname)} AS (" + ", ".join(_attribute_def(a) for a in t.attributes) + ")"]
    if t.comment is not None:
        out.append(comment_sql("TYPE", qq(t.qname), t.comment))
    return out


@renders(ch.DropCompositeType)
def _drop_composite_type(c: ch.DropCompositeType) -> list[str]:
    return [f"DROP TYPE {qq(c.type.qname)}"]


@renders(ch.AlterCompositeType)
def _alter_composite_type(c: ch.AlterCompositeType) -> list[str]:
    o, n = c.old, c.new
    oa, na = {a[0]: a for a in o.attributes}, {a[0]: a for a in n.attributes}
    actions = [f"DROP ATTRIBUTE {q(a[0])}" for a in o.attributes if a[0] not in na]
    for a in n.attributes:
        if a[0] in oa and oa[a[0]] != a:
            actions.append(f"ALTER ATTRIBUTE {q(a[0])} TYPE {a[1]}" + (f" COLLATE {a[2]}" if a[2] else ""))
    actions += [f"ADD ATTRIBUTE {_attribute_def(a)}" for a in n.attributes if a[0] not in oa]
    out = [f"ALTER TYPE {qq(n.qname)} " + ", ".join(actions)] if actions else []
    if o.comment != n.comment:
        out.append(comment_sql("TYPE", qq(n.qname), n.comment))
    return out

