"""Column defaults as ``pg_get_expr(adbin)`` prints them.

The coercion to the column's type is implicit and not printed, so an integer default on a
numeric column stays ``0``; what is printed is the constant as the parser typed it: ``'x'::text``
on text, ``'x'::character varying`` on varchar, ``'-1'::integer``, ``now()``,
``CURRENT_TIMESTAMP``.
"""

from __future__ import annotations

from .literals import Unproven, int_sql, int_value, num_sql, num_value, quote_string, string_value
from .sqltext import Call, Lit, parse

_CLOCK = {"now": "now()", "current_timestamp": "CURRENT_TIMESTAMP", "current_date": "CURRENT_DATE"}
_CLOCK_TYPES = {"now": "timestamp with time zone", "current_timestamp": "timestamp with time zone",
                "current_date": "date"}


# NULL coerced without a type modifier stays a NULL constant, which is no default at all;
# with one (varchar(10), numeric(12,2)) it reads as NULL::character varying: not proven
_NULL_IS_NONE = frozenset({"integer", "bigint", "smallint", "text", "boolean"})
_JSONB = frozenset({"{}", "[]"})  # jsonb_out prints these two exactly as written


def canonical_default(text: str, column_type: str, family: str | None) -> str | None:
    """The catalog text of ``text`` as a default of a ``column_type`` column."""
    node = parse(text)
    if node is None:
        raise Unproven(text)
    if isinstance(node, Lit) and node.kind == "null" and column_type in _NULL_IS_NONE:
        return None
    if isinstance(node, Call) and node.name == "gen_random_uuid" and not node.args and family == "uuid":
        return "gen_random_uuid()"
    if isinstance(node, Call) and node.name in _CLOCK and not node.args:
        if _CLOCK_TYPES[node.name] == column_type:
            return _CLOCK[node.name]
        raise Unproven(text)
    if family in ("int", "int8", "int2", "numeric"):
        v = int_value(node)
        if v is not None:
            return int_sql(v)
        n = num_value(node)
        if n is not None and family == "numeric":
            return num_sql(n)
    elif family == "bool" and isinstance(node, Lit) and node.kind == "bool":
        return node.value
    elif family in ("text", "varchar"):
        typed = "text" if family == "text" else "character varying"
        s = string_value(node, typed)
        if s is not None:
            return f"{quote_string(s)}::{typed}"
    elif family == "jsonb" and string_value(node, "jsonb") in _JSONB:
        return f"{quote_string(string_value(node, 'jsonb'))}::jsonb"
    raise Unproven(text)
