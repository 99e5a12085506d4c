"""Aggregates and range types in YAML: checked, then built.

Every part that reaches SQL is held to its kind first: argument, state and sub- types are
types, support functions are one (qualified) function name, the initial condition becomes a
string literal (only a NUL cannot go there). The range types' fields are in
:mod:`.sqlfields`' table. A bare support-function name that the YAML declares as a function
in the aggregate's schema means that function (qualified here, so the server's search_path
plays no part); any other bare name is left to PostgreSQL, which finds built-ins such as
``int4pl`` or ``float8mi`` in ``pg_catalog``.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import fragments as F
from ..errors import Problem
from ..idents import catalog_ident
from ..model import Aggregate, Function, RangeType, default_multirange_name
from .index import Catalog, doc_schema
from .loader import Doc
from .routines import function_name

_FUNCS = ("sfunc", "finalfunc", "combinefunc")


def aggregate_specs(doc: Doc) -> Iterator[tuple[str, tuple, dict]]:
    """(name, YAML path, spec) of every aggregate of ``doc`` (overloads one by one)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    node = data.get("aggregates")
    for name, spec in node.items() if isinstance(node, dict) else ():
        specs = spec if isinstance(spec, list) else [spec]
        for i, one in enumerate(specs):
            if isinstance(one, dict):
                yield str(name), ("aggregates", name, i) if isinstance(spec, list) else ("aggregates", name), one


def check_aggregates(doc: Doc) -> list[Problem]:
    """Problems of the SQL-bearing fields of every aggregate of ``doc``."""
    problems: list[Problem] = []

    def add(path: tuple, message: str, hint: str | None = None, key: bool = False) -> None:
        line, col = doc.pos(path, key=key)
        problems.append(Problem(doc.file, line, col, message, hint))

    for name, path, spec in aggregate_specs(doc):
        what = f"aggregate '{name}'"
        for field in ("arguments", "order_by"):
            for i, t in enumerate(spec.get(field) or []):
                err = F.CHECKS["type"](str(t))
                if err:
                    add(path + (field, i), f"{what}: argument type {str(t)!r} is not accepted: {err}",
                        hint="write a type name such as text, numeric or integer[]")
        if "stype" in spec:
            err = F.CHECKS["type"](str(spec["stype"]))
            if err:
                add(path + ("stype",), f"{what}: stype {str(spec['stype'])!r} is not accepted: {err}",
                    hint="write the state's type, such as text or numeric[]")
        for field in _FUNCS:
            if spec.get(field) is not None:
                err = F.CHECKS["function"](str(spec[field]))
                if err:
                    add(path + (field,), f"{what}: {field} {str(spec[field])!r} is not accepted: {err}",
                        hint="write a function name such as _group_concat or myschema.step")
        if isinstance(spec.get("initcond"), str) and "\x00" in spec["initcond"]:
            add(path + ("initcond",), f"{what}: initcond contains a NUL character")
        if spec.get("hypothetical") and not spec.get("order_by"):
            add(path + ("hypothetical",), f"{what}: a hypothetical-set aggregate needs order_by", key=True,
                hint="list the aggregated argument types under order_by")
    return problems


def build_aggregates(docs: list[Doc], cat: Catalog, functions: list[Function]) -> list[Aggregate]:
    declared = {(f.schema, f.name) for f in functions}
    out = []
    for doc in docs:
        fschema = doc_schema(doc, cat.default_schema)
        for name, _, spec in aggregate_specs(doc):
            schema = str(spec.get("schema") or fschema)

            order_by = tuple(_type(cat, t, schema) for t in spec.get("order_by") or ())
            initcond = spec.get("initcond")
            if isinstance(initcond, bool):
                initcond = "true" if initcond else "false"
            out.append(Aggregate(
                schema, name, tuple(_type(cat, t, schema) for t in spec.get("arguments") or ()),
                _function_ref(str(spec["sfunc"]), schema, declared), _type(cat, spec["stype"], schema), order_by=order_by,
                ordered=bool(order_by), hypothetical=bool(spec.get("hypothetical", False)),
                finalfunc=_optional_ref(spec.get("finalfunc"), schema, declared), initcond=None if initcond is None else str(initcond),
                combinefunc=_optional_ref(spec.get("combinefunc"), schema, declared), parallel=str(spec.get("parallel", "unsafe")),
                comment=spec.get("comment"),
            ))
    return out


def build_range_types(docs: list[Doc], cat: Catalog, functions: list[Function]) -> list[RangeType]:
    from .build import collation

    declared = {(f.schema, f.name) for f in functions}
    out = []
    for doc in docs:
        fschema = doc_schema(doc, cat.default_schema)
        data = doc.data if isinstance(doc.data, dict) else {}
        for name, spec in (data.get("range_types") or {}).items():
            schema = str(spec.get("schema") or fschema)
            multi = spec.get("multirange")
            out.append(RangeType(
                schema, str(name), _type(cat, spec["subtype"], schema),
                subtype_opclass=spec.get("subtype_opclass"), collation=collation(spec.get("collation")),
                canonical=_optional_ref(spec.get("canonical"), schema, declared),
                subtype_diff=_optional_ref(spec.get("subtype_diff"), schema, declared),
                multirange=None if multi is None or str(multi) == default_multirange_name(str(name)) else str(multi),
                comment=spec.get("comment"),
            ))
    return out


def _type(cat: Catalog, text, schema: str) -> str:
    return cat.type_text({"type": str(text)}, schema)


def _function_ref(text: str, schema: str, declared: set[tuple[str, str]]) -> str:
    """The catalog spelling of a support function's name (see the module docstring)."""
    q = function_name(text, schema)
    if "." not in [t.text for t in F.tokens(text)] and (q.schema, q.name) not in declared:
        return catalog_ident(q.name)
    return f"{catalog_ident(q.schema)}.{catalog_ident(q.name)}"


def _optional_ref(text, schema: str, declared: set[tuple[str, str]]) -> str | None:
    return None if text is None else _function_ref(str(text), schema, declared)
