"""How identifiers are spelled, in one place, for every layer.

SQL we write quotes every identifier (reserved words, mixed case, spaces and quotes survive);
catalog text (``format_type``, ``pg_get_expr`` ...) quotes only when needed, and comparing
with it needs the same spelling; SQL people wrote folds unquoted names to lower case.
"""

from __future__ import annotations

import re

_PLAIN = re.compile(r"[a-z_][a-z0-9_$]*")


def quote(name: str) -> str:
    """Always quoted: exactly what ``exp.to_identifier(name, quoted=True).sql("postgres")``
    prints (a test holds the two together), done directly because large plans call it
    tens of thousands of times."""
    return '"' + name.replace('"', '""') + '"'


def catalog_ident(name: str) -> str:
    """As PostgreSQL prints it in catalog text: quoted only when needed (like quote_ident)."""
    return name if _PLAIN.fullmatch(name) else quote(name)


def unquote(ident: str) -> str:
    """The name an identifier in SQL text denotes: quoted kept exactly, unquoted folded."""
    return ident[1:-1].replace('""', '"') if ident.startswith('"') and ident.endswith('"') else ident.lower()


def qualified(schema: str | None, name: str) -> str:
    """``"schema"."name"`` (or ``"name"``), as SQL we write spells it."""
    return f"{quote(schema)}.{quote(name)}" if schema else quote(name)


def qualified_name(name) -> str:
    """A ``QName`` (anything with ``schema`` and ``name``) as SQL we write spells it."""
    return qualified(name.schema, name.name)


def literal(text: str | None) -> str:
    """A SQL string literal (or NULL): with ``standard_conforming_strings``, only quotes double."""
    if text is None:
        return "NULL"
    return "'" + text.replace("'", "''") + "'"
