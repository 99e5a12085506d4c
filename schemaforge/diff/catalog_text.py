"""The two places where the diff reads or rewrites catalog text instead of model fields.

The model keeps expressions (defaults, checks, index expressions and predicates) as the text
PostgreSQL prints for them (:mod:`schemaforge.inspect`), so two facts the diff needs are only
in that text:

* which sequence a serial column's default draws from (``nextval('public.t_id_seq'::regclass)``);
* how an expression reads after ``RENAME COLUMN``: PostgreSQL stores expressions by column
  number, so it prints the new name where the old one was; the diff predicts that text to
  compare the renamed table with the desired one.

Both follow the catalog's spelling rule (:mod:`schemaforge.dependencies`): names are quoted
only where needed, and a whole name is never part of a longer identifier or the tail of a
qualified one.
"""

from __future__ import annotations

import re

from ..idents import catalog_ident

_NEXTVAL = re.compile(r"^nextval\('(.+)'::regclass\)$")


def is_serial_default(default: str | None) -> bool:
    """Whether a column default draws from a sequence (what ``serial`` expands to)."""
    return bool(default) and default.startswith("nextval(")


def default_sequence(default: str | None) -> str | None:
    """The sequence a ``nextval('<schema>.<name>'::regclass)`` default draws from, as the
    catalog spells it (compare with :func:`catalog_name`); None for any other default."""
    m = _NEXTVAL.match(default) if default else None
    return m.group(1) if m else None


def catalog_name(schema: str, name: str) -> str:
    """``schema.name`` as catalog text spells a qualified object."""
    return f"{catalog_ident(schema)}.{catalog_ident(name)}"


def rename_column_in(text: str | None, old: str, new: str) -> str | None:
    """Catalog expression ``text`` as PostgreSQL prints it once column ``old`` is ``new``."""
    if not text:
        return text
    pat = re.compile(r'(?<![\w"$.])' + re.escape(catalog_ident(old)) + r'(?![\w"$])')
    return pat.sub(catalog_ident(new).replace("\\", "\\\\"), text)
