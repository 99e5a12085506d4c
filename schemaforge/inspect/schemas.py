"""Schemas and extensions from their catalog rows."""

from __future__ import annotations

from ..model import Extension, Schema

# The comment PostgreSQL 15+ puts on ``public``: reads as None, so an untouched database
# does not look commented.
_PUBLIC_DEFAULT_COMMENT = "standard public schema"


def schemas_of(rows: list[tuple]) -> list[Schema]:
    return [
        Schema(name, None if name == "public" and comment == _PUBLIC_DEFAULT_COMMENT else comment)
        for _, name, comment in rows
    ]


def extensions_of(rows: list[tuple]) -> list[Extension]:
    return [Extension(name, schema, comment, version) for name, schema, comment, version in rows]
