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
from ..model import Aggregate, Function, MovingAggregate, RangeType, default_multirange_name
from ..model.aggregates import finalfunc_modify_default
from .index import Catalog, doc_schema
from .loader import Doc
from .operators import operator_ref_error
from .routines import function_name

_FUNCS = ("sfunc", "finalfunc", "combinefunc", "serialfunc", "deserialfunc", "msfunc", "minvfunc", "mfinalfunc")
_MOVING = ("msfunc", "minvfunc", "mstype")  # moving-aggregate mode: all three, or none
_MOVING_REST = ("msspace", "mfinalfunc", "mfinalfunc_extra", "mfinalfunc_modify", "minitcond")


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
        for field in ("stype", "mstype"):
            if field in spec:
                err = F.CHECKS["type"](str(spec[field]))
                if err:
                    add(path + (field,), f"{what}: {field} {str(spec[field])!r} is not accepted: {err}",
                        hint="write the state's type, such as text or numeric[]")
        for field in _FUNCS:
            if spec.get(field) is not None:
                err = F.CHECKS["function"](str(spec[field]))
                if err:
                    add(path + (field,), f"{what}: {field} {str(spec[field])!r} is not accepted: {err}",
                        hint="write a function name such as _group_concat or myschema.step")
        for field in ("initcond", "minitcond"):
            if isinstance(spec.get(field), str) and "\x00" in spec[field]:
                add(path + (field,), f"{what}: {field} contains a NUL character")
        if spec.get("sortop") is not None:
            err = operator_ref_error(str(spec["sortop"]))
            if err:
                add(path + ("sortop",), f"{what}: sortop {str(spec['sortop'])!r} is not accepted: {err}",
                    hint="write an operator symbol such as > or myschema.>")
        problems += _moving_problems(spec, path, what, add)
        if spec.get("hypothetical") and not spec.get("order_by"):
            add(path + ("hypothetical",), f"{what}: a hypothetical-set aggregate needs order_by", key=True,
                hint="list the aggregated argument types under order_by")
    return problems


def _moving_problems(spec: dict, path: tuple, what: str, add) -> list[Problem]:
    """The moving-aggregate keys come as a set: msfunc, minvfunc and mstype together."""
    given = [k for k in _MOVING if spec.get(k) is not None]
    rest = [k for k in _MOVING_REST if spec.get(k) is not None]
    if (given or rest) and len(given) < len(_MOVING):
        missing = [k for k in _MOVING if k not in given]
        add(path + ((given or rest)[0],), f"{what}: the moving-aggregate mode needs {', '.join(missing)} too",
            hint="give msfunc, minvfunc and mstype together (or none of the moving-aggregate keys)", key=True)
    return []


def _moving_of(spec: dict, schema: str, cat: Catalog, declared: set[tuple[str, str]]) -> MovingAggregate | None:
    if spec.get("msfunc") is None:
        return None
    modify = spec.get("mfinalfunc_modify")
    return MovingAggregate(
        _function_ref(str(spec["msfunc"]), schema, declared), _function_ref(str(spec["minvfunc"]), schema, declared),
        _type(cat, spec["mstype"], schema), msspace=int(spec.get("msspace") or 0),
        mfinalfunc=_optional_ref(spec.get("mfinalfunc"), schema, declared),
        mfinalfunc_extra=bool(spec.get("mfinalfunc_extra", False)),
        mfinalfunc_modify=None if modify in (None, "read_only") else str(modify),
        minitcond=_text(spec.get("minitcond")))


def _text(value) -> str | None:
    """An initial condition as text (a YAML boolean as PostgreSQL spells it)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None else str(value)


def aggregate_key(name: str, spec: dict, file_schema: str, cat: Catalog) -> tuple:
    """The :attr:`Aggregate.key` the aggregate of ``spec`` is built with."""
    schema = str(spec.get("schema") or file_schema)
    types = [*(spec.get("arguments") or ()), *(spec.get("order_by") or ())]
    return (schema, name, tuple(_type(cat, t, schema) for t in types))


def build_aggregates(docs: list[Doc], cat: Catalog, functions: list[Function]) -> list[Aggregate]:
    declared = {(f.schema, f.name) for f in functions}
    out = []
    for doc in docs:
        fschema = doc_schema(doc, cat.default_schema)
        for name, _, spec in aggregate_specs(doc):
            schema = str(spec.get("schema") or fschema)

            order_by = tuple(_type(cat, t, schema) for t in spec.get("order_by") or ())
            initcond = _text(spec.get("initcond"))
            modify = spec.get("finalfunc_modify")
            out.append(Aggregate(
                schema, name, tuple(_type(cat, t, schema) for t in spec.get("arguments") or ()),
                _function_ref(str(spec["sfunc"]), schema, declared), _type(cat, spec["stype"], schema), order_by=order_by,
                ordered=bool(order_by), hypothetical=bool(spec.get("hypothetical", False)),
                finalfunc=_optional_ref(spec.get("finalfunc"), schema, declared), initcond=initcond,
                combinefunc=_optional_ref(spec.get("combinefunc"), schema, declared), parallel=str(spec.get("parallel", "unsafe")),
                serialfunc=_optional_ref(spec.get("serialfunc"), schema, declared),
                deserialfunc=_optional_ref(spec.get("deserialfunc"), schema, declared),
                finalfunc_extra=bool(spec.get("finalfunc_extra", False)),
                finalfunc_modify=None if modify is None or modify == finalfunc_modify_default(bool(order_by)) else str(modify),
                sortop=None if spec.get("sortop") is None else _sortop_ref(str(spec["sortop"])),
                sspace=int(spec.get("sspace") or 0), moving=_moving_of(spec, schema, cat, declared),
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


def _sortop_ref(text: str) -> str:
    """``>`` or ``schema.>`` with the schema as the catalog prints it (``pg_catalog.>`` is ``>``)."""
    schema, dot, symbol = text.rpartition(".")
    if not dot:
        return symbol
    name = function_name(schema, "").name
    return symbol if name == "pg_catalog" else f"{catalog_ident(name)}.{symbol}"


def _optional_ref(text, schema: str, declared: set[tuple[str, str]]) -> str | None:
    return None if text is None else _function_ref(str(text), schema, declared)
