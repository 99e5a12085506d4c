"""Range types from their catalog rows (the query is :data:`.queries.RANGE_TYPES_SQL`); the
multirange's name is kept only when it is not the one PostgreSQL derives."""

from __future__ import annotations

from ..model import RangeType, default_multirange_name


def range_types_of(rows: list[tuple]) -> list[RangeType]:
    return [
        RangeType(schema, name, subtype, opclass, collation, canonical, subdiff,
                  None if multi is None or multi == default_multirange_name(name) else multi, comment)
        for schema, name, subtype, opclass, collation, canonical, subdiff, multi, comment in rows
    ]
