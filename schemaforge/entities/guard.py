"""The last gate before a model built from YAML can reach a database.

Validation reports every bad fragment at its YAML line; this walks the *built* model, so a
field that validation forgot, or a path that skips validation, still cannot carry SQL of
the wrong kind into a statement. Anything it stops is a bug, reported as one.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import fragments as F
from ..errors import ForgeError
from ..model import Database, Index, Statistics
from .operators import operator_error
from .routines import routine_error


def _index(ix: Index) -> Iterator[tuple[str, str | None]]:
    yield "method", ix.method
    yield "expression", ix.where
    for el in ix.elements:
        yield "expression", el.expression
        yield "collation", el.collation
        yield "opclass", el.opclass
    for key, value in ix.storage:
        yield "storage key", key
        yield "storage value", value


def _statistics(where: str, stats: tuple[Statistics, ...]) -> Iterator[tuple[str, str, str | None]]:
    for s in stats:
        for e in s.expressions:
            yield f"{where} statistics {s.name}", "expression", e


def fragments(db: Database) -> Iterator[tuple[str, str, str | None]]:
    """(where, kind, text) for every piece of the model that is pasted into SQL as it is (None:
    nothing is pasted). A column's absent fields, most of its fields, are not listed at all.

    A column object shared by several tables (the model shares equal columns, see
    ``entities/build.py``) is listed once, at its first table: the checks are pure, so it passes
    or fails the same everywhere, and the first failure found is the same one."""
    seen: set[int] = set()  # ids of columns listed; all alive in ``db`` meanwhile
    for t in db.tables:
        where = f"table {t.schema}.{t.name}"
        for c in t.columns:
            if id(c) in seen:
                continue
            seen.add(id(c))
            for kind, text in (("type", c.type), ("collation", c.collation), ("expression", c.default),
                               ("expression", c.generated), ("expression", c.using), ("expression", c.using_down)):
                if text is not None:
                    yield f"{where} column {c.name}", kind, text
        for k in t.checks:
            yield f"{where} check {k.name}", "expression", k.expression
        for ix in t.indexes:
            for kind, text in _index(ix):
                yield f"{where} index {ix.name}", kind, text
        for x in t.exclusions:
            yield f"{where} exclusion {x.name}", "method", x.method
            yield f"{where} exclusion {x.name}", "expression", x.where
            for element, op in x.elements:
                yield f"{where} exclusion {x.name}", "expression", element
                yield f"{where} exclusion {x.name}", "operator", op
        yield where, "partition_by", t.partition_by
        for key, value in t.storage:
            yield where, "storage key", key
            yield where, "storage value", value
        yield where, "partition_bound", t.partition_bound
        yield from _statistics(where, t.statistics)
    for v in db.views:
        where = f"view {v.schema}.{v.name}"
        yield where, "query", v.definition
        for key, value in v.options:
            yield where, "storage key", key
            yield where, "storage value", value
        for ix in v.indexes:
            for kind, text in _index(ix):
                yield f"{where} index {ix.name}", kind, text
        yield from _statistics(where, v.statistics)
    for d in db.domains:
        where = f"domain {d.schema}.{d.name}"
        yield where, "type", d.type
        yield where, "collation", d.collation
        yield where, "expression", d.default
        for k in d.checks:
            yield f"{where} check {k.name}", "expression", k.expression
    for ct in db.composite_types:
        for name, typ, collation in ct.attributes:
            yield f"type {ct.schema}.{ct.name} attribute {name}", "type", typ
            yield f"type {ct.schema}.{ct.name} attribute {name}", "collation", collation
    for s in db.sequences:
        yield f"sequence {s.schema}.{s.name}", "type", s.type
    for f in db.functions:
        for a in f.arguments:
            yield f"function {f.signature} argument {a.name}", "type", a.type
            yield f"function {f.signature} argument {a.name}", "expression", a.default
    for a in db.aggregates:
        yield from ((f"aggregate {a.signature}", "type", t) for t in a.types)
        yield from ((f"aggregate {a.signature}", "function", f) for f in a.support)
    for r in db.range_types:
        where = f"range type {r.schema}.{r.name}"
        yield from ((where, kind, text) for kind, text in (("type", r.subtype), ("opclass", r.subtype_opclass),
                    ("collation", r.collation), ("function", r.canonical), ("function", r.subtype_diff)))
    for t in db.tables:
        for tr in t.triggers:
            yield f"table {t.schema}.{t.name} trigger {tr.name}", "expression", tr.when
        for p in t.policies:
            yield f"table {t.schema}.{t.name} policy {p.name}", "expression", p.using
            yield f"table {t.schema}.{t.name} policy {p.name}", "expression", p.with_check


def guard(db: Database) -> Database:
    """``db`` unchanged if every fragment is exactly one thing of its kind; raise otherwise."""
    for where, kind, text in fragments(db):
        if text is None:
            continue
        err = F.CHECKS[kind](text)
        if err:
            raise ForgeError(f"{where}: {kind} {text!r} is not safe to put into SQL: {err}",
                             hint="this should have been reported by `forge validate`; please report it")
    for f in db.functions:
        err = routine_error(f)
        if err:
            raise ForgeError(f"function {f.signature}: {err}",
                             hint="this should have been reported by `forge validate`; please report it")
    for o in db.operators:
        err = operator_error(o)
        if err:
            raise ForgeError(f"operator {o.signature}: {err}",
                             hint="this should have been reported by `forge validate`; please report it")
    return db
