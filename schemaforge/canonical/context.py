"""The context of a model that holds nothing but schemas, as inspecting its scratch database
reads it: the schemas (``public`` always there, its stock comment read as None), nothing else.

Anything more (extensions, enums, domains, composite types, functions, sequences) returns None
and is materialized by the server as before.
"""

from __future__ import annotations

from ..model import Database, Schema
from .tables import MAX_VERSION, MIN_VERSION

_PUBLIC_DEFAULT_COMMENT = "standard public schema"
_EXCLUDED = ("schemaforge",)


def canonical_context(desired: Database, schemas: list[str] | None, server_version: int) -> Database | None:
    """What ``normalize`` reads back for ``desired`` without its tables and views, or None."""
    if not MIN_VERSION <= server_version <= MAX_VERSION:
        return None
    if (desired.extensions or desired.enums or desired.sequences or desired.domains or desired.composite_types
            or desired.functions or desired.operators or desired.aggregates or desired.range_types
            or desired.collations):
        return None
    found = {s.name: s for s in desired.schemas}
    found.setdefault("public", Schema("public"))
    out = []
    for name, s in found.items():
        if not name or len(name.encode()) > 63 or name.startswith("pg_") or name == "information_schema" or s.comment == "":
            return None
        if name in _EXCLUDED or (schemas is not None and name not in schemas):
            continue
        comment = None if name == "public" and s.comment == _PUBLIC_DEFAULT_COMMENT else s.comment
        out.append(Schema(name, comment))
    return Database(schemas=tuple(out), named_not_nulls=server_version >= 180000).sorted()
