"""SQL for domain changes."""

from __future__ import annotations

from .. import changes as ch
from ..model import Domain
from .locks import tagged
from .registry import renders
from .sql import comment_sql, q, qq


def domain_create(d: Domain) -> list[str]:
    sql = f"CREATE DOMAIN {qq(d.qname)} AS {d.type}"
    if d.collation:
        sql += f" COLLATE {d.collation}"
    if d.default is not None:
        sql += f" DEFAULT {d.default}"
    if d.not_null:
        sql += " NOT NULL"
    for k in d.checks:
        sql += f" CONSTRAINT {q(k.name)} CHECK ({k.expression})"
    out = [sql]
    if d.comment is not None:
        out.append(comment_sql("DOMAIN", qq(d.qname), d.comment))
    out += [comment_sql("CONSTRAINT", f"{q(k.name)} ON DOMAIN {qq(d.qname)}", k.comment) for k in d.checks if k.comment is not None]
    return out


@renders(ch.CreateDomain)
def _create_domain(c: ch.CreateDomain) -> list[str]:
    return domain_create(c.domain)


@renders(ch.DropDomain)
def _drop_domain(c: ch.DropDomain) -> list[str]:
    return [f"DROP DOMAIN {qq(c.domain.qname)}"]


@renders(ch.AlterDomain)
def _alter_domain(c: ch.AlterDomain) -> list[str]:
    o, n = c.old, c.new
    name = qq(n.qname)
    out = []
    if o.default != n.default:
        out.append(f"ALTER DOMAIN {name} " + (f"SET DEFAULT {n.default}" if n.default is not None else "DROP DEFAULT"))
    if o.not_null != n.not_null:
        out.append(tagged("alter_domain_check" if n.not_null else "alter_domain",
                          f"ALTER DOMAIN {name} {'SET' if n.not_null else 'DROP'} NOT NULL"))
    oc, nc = {k.name: k for k in o.checks}, {k.name: k for k in n.checks}
    for k in o.checks:
        if k.name not in nc or nc[k.name].expression != k.expression:
            out.append(f"ALTER DOMAIN {name} DROP CONSTRAINT {q(k.name)}")
    for k in n.checks:
        if k.name not in oc or oc[k.name].expression != k.expression:
            out.append(tagged("alter_domain_check", f"ALTER DOMAIN {name} ADD CONSTRAINT {q(k.name)} CHECK ({k.expression})"))
            if k.comment is not None:
                out.append(comment_sql("CONSTRAINT", f"{q(k.name)} ON DOMAIN {name}", k.comment))
        elif oc[k.name].comment != k.comment:
            out.append(comment_sql("CONSTRAINT", f"{q(k.name)} ON DOMAIN {name}", k.comment))
    if o.comment != n.comment:
        out.append(comment_sql("DOMAIN", name, n.comment))
    return out

