"""Column type changes: what converting the values costs, as PostgreSQL's catalog says.

``ALTER COLUMN ... TYPE`` converts every value with the assignment cast from the old type to
the new one. Whether that keeps the table (a binary-coercible cast, or a length, precision or
scale that only widens, which PostgreSQL's support functions turn into a relabel), rewrites
it without losing anything (an implicit cast such as ``integer -> bigint``, or the output
function into a text type) or may fail on, or change, existing values (an assignment or
explicit cast such as ``bigint -> integer`` or ``numeric -> integer``, values parsed from text,
a narrower length or scale, a domain's constraints) is decided here, from ``pg_cast``,
``pg_type`` and the length-coercion functions' ``prosupport``, not from a list of type names.

The catalog is asked once per plan: one query for every changed (old, new) pair, in both
directions (the down script converts back). Enums, domains and composite types of the two
models are resolved from the models themselves, since a plan may be about to create them;
built-in and extension types are looked up in the target database, and those it does not
know yet (an extension the same plan installs) in a scratch database where the models'
extensions are created.

When PostgreSQL has no conversion of its own, ``USING`` says how: ``col::new`` when only an
explicit cast exists (``text -> integer``), ``col::text::new`` between enums (and arrays of
them). With no cast at all (``bigint -> timestamp``) the plan stops and asks for the column's
``using:`` (and ``using_down:`` for the way back).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace

import psycopg
from psycopg import sql

from . import changes as ch
from . import types as T
from .errors import ForgeError
from .idents import catalog_ident, quote
from .model import Database, Extension


@dataclass(frozen=True)
class Conversion:
    """What ``ALTER COLUMN ... TYPE`` does to the existing values of one column."""

    rewrite: bool  # the table (and its indexes) is rewritten
    lossy: bool  # may fail on existing values, or change them
    reason: str = ""  # why it may fail or lose, for the hazard message
    # how the values are converted: None = by ALTER TYPE itself (an assignment cast);
    # "cast" = USING col::new; "text" = USING col::text::new; "custom" = the YAML's expression;
    # "none" = PostgreSQL has no conversion (a ``using:`` expression is needed)
    route: str | None = None

    @property
    def possible(self) -> bool:
        return self.route != "none"


FREE = Conversion(rewrite=False, lossy=False)
NO_CAST = Conversion(True, True, "PostgreSQL has no cast between them", route="none")
CUSTOM = Conversion(True, True, "the values are converted by a USING expression", route="custom")
UNCHECKED = Conversion(True, True, "a type the database does not know")


# --- the types, as the two models and the catalog see them -----------------------------------------


@dataclass(frozen=True)
class Resolved:
    """A column type reduced to what decides a conversion."""

    kind: str  # "base" (built-in or extension: asked from the catalog) | "enum" | "composite"
    name: str  # base: the element type with its modifier (catalog text); otherwise the qualified name
    array: bool = False
    domain: str | None = None  # a domain (with constraints) the values must satisfy

    @property
    def spec(self) -> T.TypeSpec:
        return T.parse_type(self.name)


def resolve(text: str, model: Database, depth: int = 0) -> Resolved:
    """``text`` as a column type of ``model``: domains unwrapped, arrays noted."""
    spec = T.parse_type(text)
    element = T.format_spec(replace(spec, array=False))
    for e in model.enums:
        if _qualified(e) == element:
            return Resolved("enum", element, spec.array)
    for c in model.composite_types:
        if _qualified(c) == element:
            return Resolved("composite", element, spec.array)
    for d in model.domains:
        if _qualified(d) == element and depth < 10:
            inner = resolve(d.type, model, depth + 1)
            checked = d.not_null or bool(d.checks)
            return replace(inner, array=inner.array or spec.array, domain=_qualified(d) if checked else inner.domain)
    return Resolved("base", element, spec.array)


def _qualified(obj) -> str:
    return f"{catalog_ident(obj.schema)}.{catalog_ident(obj.name)}"


@dataclass(frozen=True)
class Side:
    """What the catalog says about one (element) type of a pair."""

    oid: int
    typtype: str  # b base, e enum, c composite, r range, m multirange, p pseudo
    category: str  # pg_type.typcategory: S string, N numeric, E enum, A array ...
    typlen: int
    inexact: bool  # real or double precision
    domain: bool  # an unmanaged domain with constraints, unwrapped by the query
    base_text: str | None  # an unmanaged domain's base type with its modifier
    length_coercion: bool | None  # the type's own modifier-applying cast: None = none, True = with a support function


@dataclass(frozen=True)
class Facts:
    src: Side | None
    dst: Side | None
    context: str | None  # pg_cast.castcontext (i implicit, a assignment, e explicit); None = no row
    method: str | None  # pg_cast.castmethod (b binary coercible, f function, i I/O)


_QUERY = """
WITH RECURSIVE
pairs(i, s, d) AS (SELECT i::int, s, d FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS x(s, d, i)),
names(name) AS (SELECT s FROM pairs WHERE s IS NOT NULL UNION SELECT d FROM pairs WHERE d IS NOT NULL),
chain(name, oid, typmod, constrained, domain) AS (
    SELECT name, to_regtype(name)::oid, -1, false, false FROM names
  UNION ALL
    SELECT c.name, t.typbasetype, t.typtypmod,
           c.constrained OR t.typnotnull OR EXISTS (SELECT FROM pg_constraint k WHERE k.contypid = t.oid),
           true
    FROM chain c JOIN pg_type t ON t.oid = c.oid AND t.typtype = 'd'
),
side AS (
    SELECT c.name, c.oid::int AS oid, t.typtype::text, t.typcategory::text, t.typlen::int,
           c.oid IN ('real'::regtype, 'double precision'::regtype) AS inexact,
           c.constrained,
           CASE WHEN c.domain THEN format_type(c.oid, c.typmod) END AS base_text,
           (SELECT p.prosupport <> 0 FROM pg_cast k JOIN pg_proc p ON p.oid = k.castfunc
             WHERE k.castsource = c.oid AND k.casttarget = c.oid) AS length_coercion
    FROM chain c JOIN pg_type t ON t.oid = c.oid
    WHERE t.typtype <> 'd'
)
SELECT p.i,
       s.oid, s.typtype, s.typcategory, s.typlen, s.inexact, s.constrained, s.base_text, s.length_coercion,
       d.oid, d.typtype, d.typcategory, d.typlen, d.inexact, d.constrained, d.base_text, d.length_coercion,
       k.castcontext::text, k.castmethod::text
FROM pairs p
LEFT JOIN side s ON s.name = p.s
LEFT JOIN side d ON d.name = p.d
LEFT JOIN pg_cast k ON k.castsource = s.oid AND k.casttarget = d.oid
ORDER BY p.i
"""

Pair = tuple[str | None, str | None]  # element type names to ask about (None: not a catalog type)
Source = Callable[[], AbstractContextManager[psycopg.Connection]]


class CastCatalog:
    """Answers for (old, new) pairs of types: one query per database it has to ask.

    ``sources`` are tried in order; a later one is only opened for the pairs whose types the
    earlier ones do not know.
    """

    def __init__(self, *sources: Source):
        self.sources = sources

    def facts(self, pairs: list[Pair]) -> dict[Pair, Facts]:
        found: dict[Pair, Facts] = {}
        todo = list(dict.fromkeys(pairs))
        for source in self.sources:
            if not todo:
                break
            with source() as conn:
                got = _ask(conn, todo)
            found.update({p: f for p, f in got.items() if _known(p, f)})
            todo = [p for p in todo if p not in found]
        return found


def _ask(conn: psycopg.Connection, pairs: list[Pair]) -> dict[Pair, Facts]:
    rows = conn.execute(_QUERY, [[p[0] for p in pairs], [p[1] for p in pairs]]).fetchall()
    out = {}
    for row in rows:
        src = Side(*row[1:9]) if row[1] is not None else None
        dst = Side(*row[9:17]) if row[9] is not None else None
        out[pairs[row[0] - 1]] = Facts(src, dst, row[17], row[18])
    return out


def _known(pair: Pair, f: Facts) -> bool:
    return (pair[0] is None or f.src is not None) and (pair[1] is None or f.dst is not None)


def connection(url: str) -> Source:
    from .database.session import connect

    return lambda: connect(url)


def borrowed(conn: psycopg.Connection) -> Source:
    return lambda: contextlib.nullcontext(conn)


def scratch(server, *models: Database) -> Source:
    """A workspace on ``server`` with the models' schemas and extensions (for their types)."""

    @contextlib.contextmanager
    def open_() -> Iterator[psycopg.Connection]:
        exts: dict[str, Extension] = {}
        for m in reversed(models):  # the first model's schema wins
            exts.update({e.name: e for e in m.extensions})
        with server.workspace() as conn:
            conn.autocommit = True
            for e in sorted(exts.values(), key=lambda e: e.name):
                stmt = sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(sql.Identifier(e.name))
                if e.schema:
                    conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(e.schema)))
                    stmt += sql.SQL(" SCHEMA {}").format(sql.Identifier(e.schema))
                with contextlib.suppress(psycopg.Error):  # one the server lacks: ask about the rest
                    conn.execute(stmt)
            yield conn

    return open_


# --- classification ----------------------------------------------------------------------------------


def _pair(s: Resolved, d: Resolved) -> Pair:
    return (s.name if s.kind == "base" else None, d.name if d.kind == "base" else None)


def classify(s: Resolved, d: Resolved, f: Facts | None) -> Conversion:
    """How values of type ``s`` become values of type ``d``."""
    if (s.kind == "base" and (f is None or f.src is None)) or (d.kind == "base" and (f is None or f.dst is None)):
        return UNCHECKED  # a type no database we asked knows: the DDL will tell
    f = f or Facts(None, None, None, None)
    if s.array and d.array:
        conv = _arrays(s, d, f)
    elif s.array:  # an array to a scalar: only its text form goes anywhere
        conv = _typmod(Conversion(True, False), s, d, f) if _string(d, f.dst) else NO_CAST
    elif d.array:  # text parsed as an array
        conv = Conversion(True, True, "values are parsed from text", "cast") if _string(s, f.src) else NO_CAST
    else:
        conv = _element(s, d, f)
    if conv.possible and (d.domain or (f.dst is not None and f.dst.domain)):
        name = d.domain or d.name
        conv = Conversion(True, True, _join(conv.reason, f"values must satisfy the constraints of domain {name}"),
                          conv.route)
    return conv


def _join(*reasons: str) -> str:
    return "; ".join(r for r in reasons if r)


def _string(t: Resolved, side: Side | None) -> bool:
    return t.kind == "base" and side is not None and side.category == "S"


def _kind(t: Resolved, side: Side | None) -> str:
    if t.kind != "base" or side is None:
        return t.kind
    return {"e": "enum", "c": "composite"}.get(side.typtype, "base")


def _same(s: Resolved, d: Resolved, f: Facts) -> bool:
    if s.kind == "base" and d.kind == "base":
        return f.src is not None and f.dst is not None and f.src.oid == f.dst.oid
    return s.kind == d.kind and s.name == d.name


def _element(s: Resolved, d: Resolved, f: Facts) -> Conversion:
    sk, dk = _kind(s, f.src), _kind(d, f.dst)
    if _same(s, d, f):
        return _typmod(FREE, s, d, f)
    if sk == dk == "base" and f.context is not None:
        binary = f.method == "b"
        inexact = (f.dst.inexact and not (f.src.inexact and f.src.typlen < f.dst.typlen))
        if binary:
            conv = FREE
        elif f.context == "i" and not inexact:
            conv = Conversion(True, False)
        elif f.context == "i":
            conv = Conversion(True, True, f"{_name(d)} is a floating-point type and rounds")
        else:
            what = "an explicit" if f.context == "e" else "an assignment"
            conv = Conversion(True, True, f"{what} cast, not an implicit (lossless) one")
        if f.context == "e":
            conv = replace(conv, route="cast")
        return _typmod(conv, s, d, f)
    if _string(d, f.dst):  # anything has a text form: the output function, an assignment cast
        return _typmod(Conversion(True, False), s, d, f)
    if _string(s, f.src):  # and can be parsed from it, explicitly
        return Conversion(True, True, "values are parsed from text", "cast")
    if sk == dk == "enum":
        return Conversion(True, True, f"every value must be a label of {_name(d)}", "text")
    return NO_CAST


def _arrays(s: Resolved, d: Resolved, f: Facts) -> Conversion:
    el_s, el_d = replace(s, array=False), replace(d, array=False)
    if _same(el_s, el_d, f) and _typmod_of(_base(d, f.dst)) is None:
        return FREE  # the same array type, the modifier dropped: nothing to convert
    conv = _element(el_s, el_d, f)
    if not conv.possible:
        return conv
    return replace(conv, rewrite=True)  # element by element (ArrayCoerceExpr)


def _name(t: Resolved) -> str:
    return t.domain or t.name


def _base(t: Resolved, side: Side | None) -> T.TypeSpec:
    if side is not None and side.base_text is not None:
        return T.parse_type(side.base_text)
    return t.spec


# precision of a time type without one, and the interval fields from most to least significant
_MAX_SECONDS_PRECISION = 6
_FIELDS = ("year", "month", "day", "hour", "minute", "second")
_TIMES = frozenset({"time without time zone", "time with time zone", "timestamp without time zone",
                    "timestamp with time zone"})


def _typmod_of(spec: T.TypeSpec) -> tuple | None:
    """The type modifier as a comparable value; None when there is none (unbounded)."""
    if spec.base.startswith("interval"):
        fields = spec.base[len("interval"):].strip() or None
        return None if fields is None and spec.args is None else (fields, spec.args)
    return None if spec.args is None else (spec.args,)


def _typmod(conv: Conversion, s: Resolved, d: Resolved, f: Facts) -> Conversion:
    """The new type's length, precision or scale applied after the cast."""
    new = _base(d, f.dst)
    if _typmod_of(new) is None or f.dst is None or f.dst.length_coercion is None:
        return conv  # unbounded, or a modifier that is only a label (no coercion function)
    same = _same(replace(s, array=False), replace(d, array=False), f)
    old = _base(s, f.src)
    if same and _typmod_of(old) == _typmod_of(new):
        return conv
    lossless, in_place = _widening(new.base, old, new) if same else (False, False)
    rewrite = conv.rewrite or not (in_place and f.dst.length_coercion)
    if lossless:
        return replace(conv, rewrite=rewrite)
    why = (f"{T.format_spec(new)} cannot hold every {T.format_spec(old)} value" if same
           else f"values must fit {T.format_spec(new)}")
    return replace(conv, rewrite=rewrite, lossy=True, reason=_join(conv.reason, why))


def _widening(base: str, old: T.TypeSpec, new: T.TypeSpec) -> tuple[bool, bool]:
    """(keeps every value, keeps the stored bytes) for a modifier change within one type.

    The second is when PostgreSQL's support function for the type's length coercion turns
    the conversion into a relabel (``varchar_support``, ``numeric_support`` ...).
    """
    if base in ("character varying", "bit varying", "character"):
        o, n = _length(old.args), _length(new.args)
        return n >= o, n >= o
    if base == "bit":
        return old.args == new.args, old.args == new.args
    if base == "numeric":
        if new.args is None:
            return True, True
        if old.args is None:
            return False, False
        (op, os_), (np_, ns) = _numeric(old.args), _numeric(new.args)
        return np_ - ns >= op - os_ and ns >= os_, ns == os_ and np_ >= op
    if base in _TIMES:
        ok = _precision(new.args) >= _precision(old.args)
        return ok, ok
    if base.startswith("interval"):
        (of, op), (nf, np_) = _typmod_of(old) or (None, None), _typmod_of(new) or (None, None)
        least_old, least_new = _least_field(of), _least_field(nf)
        ok = least_new >= least_old and (least_old < len(_FIELDS) - 1 or _precision(np_) >= _precision(op))
        return ok, ok
    return False, False  # a modifier we cannot read: assume the worst


def _length(args: str | None) -> float:
    return float("inf") if args is None else int(args)


def _numeric(args: str) -> tuple[int, int]:
    p, _, s = args.partition(",")
    return int(p), int(s or 0)


def _precision(args: str | None) -> int:
    return _MAX_SECONDS_PRECISION if args is None else int(args)


def _least_field(fields: str | None) -> int:
    return len(_FIELDS) - 1 if fields is None else _FIELDS.index(fields.split()[-1])


# --- the plan's type changes -------------------------------------------------------------------------


@dataclass
class _Todo:
    index: int
    change: ch.AlterColumn
    fwd: tuple[Resolved, Resolved]
    back: tuple[Resolved, Resolved]


def settle(changes: list[ch.Change], current: Database, desired: Database, catalog: CastCatalog,
           *, strict: bool = True) -> list[ch.Change]:
    """Give every type change its conversion both ways, with the ``USING`` PostgreSQL needs.

    ``strict``: a conversion PostgreSQL has no cast for, and no ``using:`` (``using_down:``)
    spells, stops the plan; otherwise (SQL that already ran, whose USING we cannot see) it
    counts as a conversion by an expression.
    """
    todo = [
        _Todo(i, c, (resolve(c.old.type, current), resolve(c.new.type, desired)),
              (resolve(c.new.type, desired), resolve(c.old.type, current)))
        for i, c in enumerate(changes)
        if isinstance(c, ch.AlterColumn) and c.old.type != c.new.type
    ]
    if not todo:
        return changes
    pairs = [_pair(*t.fwd) for t in todo] + [_pair(*t.back) for t in todo]
    asked = [p for p in pairs if p != (None, None)]
    facts = catalog.facts(asked) if asked else {}
    out = list(changes)
    missing: list[str] = []
    for t in todo:
        c = t.change
        fwd = CUSTOM if c.using else classify(*t.fwd, facts.get(_pair(*t.fwd)))
        back = CUSTOM if c.reverse_using else classify(*t.back, facts.get(_pair(*t.back)))
        col = f"{c.table}.{c.new.name}"
        if not fwd.possible:
            missing.append(_missing(col, c.old.type, c.new.type, "using"))
        if not back.possible:
            missing.append(_missing(col, c.new.type, c.old.type, "using_down"))
        if not strict:
            fwd, back = (x if x.possible else CUSTOM for x in (fwd, back))
        out[t.index] = replace(
            c, using=c.using or _using(c.new.name, c.new.type, fwd, t.fwd[1]), conversion=fwd,
            reverse_using=c.reverse_using or _using(c.old.name, c.old.type, back, t.back[1]), reverse_conversion=back,
        )
    if missing and strict:
        raise ForgeError(
            f"{len(missing)} column type conversion(s) PostgreSQL cannot do by itself:\n" + "\n".join(missing),
            hint="`using:` is the USING expression of ALTER COLUMN ... TYPE (it reads the old value through the "
                 "column's name, e.g. using: to_timestamp(created)); `using_down:` converts back in the down "
                 "script. Both are read only while the type changes.",
        )
    return out


def _missing(col: str, old: str, new: str, key: str) -> str:
    way, back = ("up", "") if key == "using" else ("down", " back")
    return (f"  - column {col} ({way}): PostgreSQL has no cast{back} from {old} to {new}; add `{key}:` to the "
            f"column, an SQL expression turning its {old} value into a {new}")


def _using(column: str, new_type: str, conv: Conversion, new: Resolved) -> str | None:
    if conv.route == "cast":
        return f"{quote(column)}::{new_type}"
    if conv.route == "text":
        return f"{quote(column)}::text{'[]' if new.array else ''}::{new_type}"
    return None
