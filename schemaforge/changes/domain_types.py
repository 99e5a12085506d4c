"""A domain's base type (or collation) changed while columns use it.

PostgreSQL has no ``ALTER DOMAIN ... TYPE``, and a domain in use cannot be dropped. So the
domain is renamed aside, created again over the new type, each of its columns converted
(``USING column::new_base::domain``: the cast PostgreSQL has between the two base types;
a value it cannot convert makes the migration fail in its transaction, nothing is lost),
and the old one dropped. The reverse converts back the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Domain, QName
from .base import Change, Hazard, Stage, mentions, relation, type_key

DomainColumns = tuple[tuple[QName, str, str | None, str | None, bool], ...]
"""(table, column, old default, new default, is array) of each column of the domain."""


@dataclass(frozen=True)
class RetypeDomain(Change):
    old: Domain
    new: Domain
    columns: DomainColumns = ()

    def reverse(self) -> Change:
        return RetypeDomain(self.new, self.old, tuple((t, c, nd, od, a) for t, c, od, nd, a in self.columns))

    subject = property(lambda self: f"domain {self.new.qname}")

    def describe(self) -> str:
        return f"change base type of domain {self.new.qname}: {self.old.type} -> {self.new.type}"

    def hazards(self):
        if not self.columns:
            return ()
        where = ", ".join(f"{t}.{c}" for t, c, *_ in self.columns)
        return (
            Hazard("table_rewrite", f"converts every column of domain {self.new.qname} ({where}) to "
                   f"{self.new.type}: rewrites their tables", code="SF201"),
            Hazard("validation", f"values of {where} that {self.new.type} or the domain's constraints refuse "
                   "make the migration fail (in its transaction: nothing is lost)", code="SF406"),
        )

    stage = Stage.ALTER_TYPES

    def requires(self):
        return (type_key(self.new.qname), *mentions(self.new.type), *_checks(self.new))

    def releases(self):
        return (*mentions(self.old.type), *_checks(self.old))

    def alters(self):
        # its columns change type: views over their tables go around it, like a recreated enum's
        return tuple(dict.fromkeys((type_key(self.new.qname), *(relation(t) for t, *_ in self.columns))))


def _checks(d: Domain) -> tuple:
    return (*mentions(d.default), *(k for c in d.checks for k in mentions(c.expression)))
