"""Enums, domains and composite types from their catalog rows."""

from __future__ import annotations

from ..model import Check, CompositeType, Domain, Enum
from .constraints import check_expression


def enums_of(rows: list[tuple]) -> list[Enum]:
    return [Enum(schema, name, tuple(labels), comment) for schema, name, labels, comment in rows]


def domains_of(rows: list[tuple]) -> list[Domain]:
    return [
        Domain(
            schema=schema, name=name, type=typ, default=default, not_null=not_null,
            checks=tuple(
                Check(cname, check_expression(cdef), False, ccomment)
                for cname, cdef, ccomment in zip(cnames, cdefs, ccomments, strict=True)
            ),
            collation=collation, comment=comment,
        )
        for schema, name, typ, default, not_null, collation, comment, cnames, cdefs, ccomments in rows
    ]



def composite_types_of(rows: list[tuple]) -> list[CompositeType]:
    return [
        CompositeType(schema, name, tuple(zip(names, types, colls, strict=True)), comment)
        for schema, name, comment, names, types, colls in rows
    ]
