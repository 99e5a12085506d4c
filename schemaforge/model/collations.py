"""Collations (``CREATE COLLATION``): schema-qualified, compared by what they sort by.

A libc collation whose ``LC_COLLATE`` and ``LC_CTYPE`` are the same keeps it in ``locale``
(as ``CREATE COLLATION ... (locale = ...)`` says it), so both spellings compare equal; the
two fields are set only when they differ. ICU and builtin (PostgreSQL 17+) collations have a
``locale`` only. The collation's version is not modelled: it belongs to the server's
libraries, not to the schema.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import QName

PROVIDERS = {"libc": "c", "icu": "i", "builtin": "b"}


@dataclass(frozen=True)
class Collation:
    schema: str
    name: str
    provider: str = "libc"  # libc | icu | builtin
    locale: str | None = None
    lc_collate: str | None = None  # libc, when it differs from lc_ctype
    lc_ctype: str | None = None
    deterministic: bool = True
    comment: str | None = None

    @property
    def qname(self) -> QName:
        return QName(self.schema, self.name)


def collation_of(schema: str, name: str, provider: str = "libc", locale: str | None = None,
                 lc_collate: str | None = None, lc_ctype: str | None = None, deterministic: bool = True,
                 comment: str | None = None) -> Collation:
    """A collation in canonical form: a libc collation with equal ``lc_collate`` and
    ``lc_ctype`` (or a ``locale``) keeps just ``locale``."""
    if provider == "libc":
        lc_collate = lc_collate if lc_collate is not None else locale
        lc_ctype = lc_ctype if lc_ctype is not None else locale
        if lc_collate == lc_ctype:
            locale, lc_collate, lc_ctype = lc_collate, None, None
        else:
            locale = None
    return Collation(schema, name, provider, locale, lc_collate, lc_ctype, deterministic, comment)
