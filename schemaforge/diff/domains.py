"""Domains: created, dropped, or altered in place; a new base type or collation recreates
(in place, with its columns converted, when columns use it: :class:`~schemaforge.changes.RetypeDomain`)."""

from __future__ import annotations

from .. import changes as ch
from ..equiv import canonical
from ..model import Database, Domain
from .enums import columns_of_type
from .keys import by_key, qkey


def diff_domains(cur: Database, des: Database) -> list[ch.Change]:
    c, d = by_key(cur.domains, qkey), by_key(des.domains, qkey)
    out: list[ch.Change] = [ch.CreateDomain(x) for k, x in d.items() if k not in c]
    out += [ch.DropDomain(x) for k, x in c.items() if k not in d]
    for k in sorted(c.keys() & d.keys()):
        o, n = c[k], d[k]
        if _domain_key(o) == _domain_key(n):
            continue
        if (o.type, o.collation) != (n.type, n.collation):
            columns = columns_of_type(cur, des, o)
            if columns:  # in use: recreated in place, its columns converted
                out.append(ch.RetypeDomain(o, n, columns))
            else:
                out += [ch.DropDomain(o, replaced=True), ch.CreateDomain(n)]
        else:
            out.append(ch.AlterDomain(o, n))
    return out


def _domain_key(d: Domain) -> tuple:
    """What defines a domain, with expressions in canonical form."""
    checks = tuple((k.name, canonical(k.expression), k.comment) for k in d.checks)
    return (d.type, d.collation, canonical(d.default), d.not_null, checks, d.comment)
