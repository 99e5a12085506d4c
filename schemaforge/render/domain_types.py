"""SQL for a domain whose base type changes while columns use it: rename aside, create
again, convert each column through the new base type, drop the old one."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from .domains import domain_create
from .locks import tagged
from .registry import renders
from .sql import q, qn, qq


@renders(ch.RetypeDomain)
def _retype_domain(c: ch.RetypeDomain) -> list[str]:
    d, name = c.new, qq(c.new.qname)
    aside = f"{d.name}__forge_old"
    out = [tagged("alter_domain", f"ALTER DOMAIN {name} RENAME TO {q(aside)}")]
    # NOT NULL once the old domain is gone: its generated name (18) is free again only then
    out += domain_create(replace(d, not_null=False))
    for table, column, old_default, new_default, is_array in c.columns:
        col, arr = q(column), "[]" if is_array else ""
        if old_default is not None:
            out.append(tagged("alter_column", f"ALTER TABLE {qq(table)} ALTER COLUMN {col} DROP DEFAULT"))
        out.append(tagged("alter_column_type", f"ALTER TABLE {qq(table)} ALTER COLUMN {col} TYPE {name}{arr} "
                          f"USING {col}::{d.type}{arr}::{name}{arr}"))
        if new_default is not None:
            out.append(tagged("alter_column", f"ALTER TABLE {qq(table)} ALTER COLUMN {col} SET DEFAULT {new_default}"))
    out.append(tagged("drop_object", f"DROP DOMAIN {qn(d.schema, aside)}"))
    if d.not_null:
        out.append(tagged("alter_domain_check", f"ALTER DOMAIN {name} SET NOT NULL"))
    return out
