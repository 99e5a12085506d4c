"""PostgreSQL type names: aliases to canonical text, and what counts as a known type.

The catalog side reads column types with ``format_type()``; the YAML side must produce the
very same text or every plan would show false changes. ``normalize_type`` therefore maps
aliases (``int4``, ``timestamptz``, ``varchar(20)``) to the names ``format_type`` prints.
Names it does not know (enums, extension or domain types) are kept verbatim.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# alias -> canonical name (without parameters)
_ALIASES: dict[str, str] = {
    "int": "integer", "int4": "integer", "integer": "integer",
    "int8": "bigint", "bigint": "bigint",
    "int2": "smallint", "smallint": "smallint",
    "bool": "boolean", "boolean": "boolean",
    "float8": "double precision", "double": "double precision", "double precision": "double precision",
    "float4": "real", "real": "real",
    "varchar": "character varying", "character varying": "character varying",
    "char": "character", "character": "character", "bpchar": "character",
    "decimal": "numeric", "numeric": "numeric",
    "timestamptz": "timestamp with time zone", "timestamp with time zone": "timestamp with time zone",
    "timestamp": "timestamp without time zone", "timestamp without time zone": "timestamp without time zone",
    "timetz": "time with time zone", "time with time zone": "time with time zone",
    "time": "time without time zone", "time without time zone": "time without time zone",
    "varbit": "bit varying", "bit varying": "bit varying",
    "serial4": "serial", "serial8": "bigserial", "serial2": "smallserial",
}

# Canonical names of the built-in types of PostgreSQL 15+ (as format_type prints them).
BUILTIN_TYPES: frozenset[str] = frozenset({
    "smallint", "integer", "bigint", "numeric", "real", "double precision", "money",
    "serial", "bigserial", "smallserial",
    "character varying", "character", "text", "name", '"char"', "citext_never",
    "bytea", "boolean", "bit", "bit varying",
    "date", "time without time zone", "time with time zone", "timestamp without time zone",
    "timestamp with time zone", "interval",
    "uuid", "json", "jsonb", "jsonpath", "xml",
    "inet", "cidr", "macaddr", "macaddr8",
    "point", "line", "lseg", "box", "path", "polygon", "circle",
    "tsvector", "tsquery", "pg_lsn", "pg_snapshot", "txid_snapshot",
    "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange",
    "int4multirange", "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange",
    "oid", "regclass", "regtype", "regproc", "regprocedure", "regoper", "regoperator", "regconfig",
    "regdictionary", "regnamespace", "regrole", "regcollation", "xid", "xid8", "cid", "tid",
}) - {"citext_never"}

INTEGER_TYPES = frozenset({"smallint", "integer", "bigint"})
SERIAL_TYPES = {"smallserial": "smallint", "serial": "integer", "bigserial": "bigint"}

# Types that exist once an extension is installed.
EXTENSION_TYPES: dict[str, frozenset[str]] = {
    "citext": frozenset({"citext"}),
    "hstore": frozenset({"hstore"}),
    "ltree": frozenset({"ltree", "lquery", "ltxtquery"}),
    "isn": frozenset({"isbn", "isbn13", "ismn", "ismn13", "issn", "issn13", "ean13", "upc"}),
    "cube": frozenset({"cube"}),
    "seg": frozenset({"seg"}),
    "vector": frozenset({"vector", "halfvec", "sparsevec"}),
    "postgis": frozenset({"geometry", "geography", "box2d", "box3d"}),
}

_LENGTH_TYPES = frozenset({"character varying", "character", "bit", "bit varying"})
_PRECISION_TYPES = frozenset({"numeric", "time without time zone", "time with time zone",
                              "timestamp without time zone", "timestamp with time zone", "interval"})
_ZONED = re.compile(r"^(timestamp|time)\s*(\(\s*\d+\s*\))?\s*(with|without)\s+time\s+zone$")
_TZ_SHORT = re.compile(r"^(timestamptz|timetz|timestamp|time)\s*\(\s*(\d+)\s*\)$")
_PARAMS = re.compile(r"^(?P<base>[^()]*?)\s*\((?P<args>[^()]*)\)$")
_ARRAY = re.compile(r"(\s*\[\s*\d*\s*\])+$|\s+array(\s*\[\s*\d*\s*\])?$", re.IGNORECASE)


@dataclass(frozen=True)
class TypeSpec:
    """A parsed type: canonical base name, its parameters text and whether it is an array."""

    base: str
    args: str | None = None
    array: bool = False


def _lower_unquoted(text: str) -> str:
    """Lower-case everything outside double quotes (PostgreSQL folds unquoted names)."""
    parts = re.split(r'("(?:[^"]|"")*")', text)
    return "".join(p if p.startswith('"') else p.lower() for p in parts)


@functools.lru_cache(maxsize=16384)  # pure, and called for every column many times
def parse_type(text: str) -> TypeSpec:
    """Split a type into base, parameters and array-ness, mapping aliases."""
    t = re.sub(r"\s+", " ", text.strip())
    array = False
    m = _ARRAY.search(t)
    if m and m.start() > 0:
        array = True
        t = t[: m.start()].strip()
    low = _lower_unquoted(t)
    zoned = _ZONED.match(low)
    if zoned:
        base = f"{zoned.group(1)} {zoned.group(3)} time zone"
        args = re.sub(r"\D", "", zoned.group(2)) if zoned.group(2) else None
        return TypeSpec(base, args, array)
    short = _TZ_SHORT.match(low)
    if short:
        return TypeSpec(_ALIASES[short.group(1)], short.group(2), array)
    pm = _PARAMS.match(low)
    base, args = (pm.group("base").strip(), re.sub(r"\s+", "", pm.group("args"))) if pm else (low, None)
    if base == "float":
        base = "real" if args and args.isdigit() and int(args) <= 24 else "double precision"
        args = None
    if base.startswith("interval "):  # interval with fields: interval day to second
        return TypeSpec(base, args, array)
    if base in _ALIASES:
        return TypeSpec(_ALIASES[base], args, array)
    if base in BUILTIN_TYPES:
        return TypeSpec(base, args, array)
    # unknown: keep the original spelling (quoted names, schema-qualified names, extension types)
    orig = pm and re.match(r"^(?P<b>[^()]*?)\s*\(", t)
    return TypeSpec(orig.group("b").strip() if orig else t, args, array)


def format_spec(spec: TypeSpec) -> str:
    """Render as ``format_type`` does: ``timestamp(3) with time zone``, ``numeric(12,2)[]``."""
    base, args = spec.base, spec.args
    if base in ("character", "bit") and args is None:
        args = "1"
    if args is not None and base.endswith(" time zone"):
        head, _, tail = base.partition(" ")
        text = f"{head}({args}) {tail}"
    elif args is not None:
        text = f"{base}({args})"
    else:
        text = base
    return text + ("[]" if spec.array else "")


def normalize_type(text: str) -> str:
    """Canonical PostgreSQL spelling of a type: ``int[]`` -> ``integer[]``, ``varchar(5)`` -> ``character varying(5)``."""
    return format_spec(parse_type(text))


def combine_type(text: str, length: int | None = None, precision: int | None = None,
                 scale: int | None = None) -> str:
    """Fold TypeORM-style ``length``/``precision``/``scale`` into the type's parameters."""
    spec = parse_type(text)
    if length is not None:
        spec = TypeSpec(spec.base, str(length), spec.array)
    elif precision is not None:
        args = f"{precision},{scale}" if scale is not None else str(precision)
        spec = TypeSpec(spec.base, args, spec.array)
    elif scale is not None:
        spec = TypeSpec(spec.base, f"{spec.args or 38},{scale}", spec.array)  # pragma: no cover - validated away
    return format_spec(spec)


def accepts_length(base: str) -> bool:
    return base in _LENGTH_TYPES


def accepts_precision(base: str) -> bool:
    return base in _PRECISION_TYPES


def is_integer(text: str) -> bool:
    spec = parse_type(text)
    return not spec.array and spec.args is None and spec.base in INTEGER_TYPES


def plain_type_of_key(text: str) -> str:
    """The type a column referencing this key column must have: serial -> integer etc."""
    spec = parse_type(text)
    base = SERIAL_TYPES.get(spec.base, spec.base)
    return format_spec(TypeSpec(base, spec.args, spec.array))


def known_names() -> list[str]:
    """Every built-in name and alias, for "did you mean" suggestions."""
    return sorted({*BUILTIN_TYPES, *_ALIASES})
