"""Operators in YAML: checked, built, written back by ``forge import``.

``operators:`` maps a symbol to its spec (or a list of specs: the same symbol over other
types). A symbol cannot be quoted in SQL, so it is held to PostgreSQL's operator characters
(:func:`schemaforge.model.operators.symbol_error`); a commutator or negator is a symbol,
optionally ``schema.`` qualified. ``function`` is a (qualified) function name, bare meaning the
operator's schema; ``restrict`` and ``join`` are estimator functions, bare meaning
``pg_catalog`` (``eqsel``, ``scalarltsel`` ...). Types are checked type fragments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from .. import fragments as F
from ..errors import Problem
from ..idents import catalog_ident
from ..model import Operator, QName
from ..model.operators import symbol_error
from .index import Catalog, doc_schema
from .loader import Doc
from .routines import function_name

ESTIMATOR_SCHEMA = "pg_catalog"


def operator_specs(doc: Doc) -> Iterator[tuple[str, tuple, dict]]:
    """(symbol, YAML path, spec) of every operator of ``doc``."""
    data = doc.data if isinstance(doc.data, dict) else {}
    node = data.get("operators")
    if not isinstance(node, dict):
        return
    for name, spec in node.items():
        specs = spec if isinstance(spec, list) else [spec]
        for i, one in enumerate(specs):
            if isinstance(one, dict):
                yield str(name), ("operators", name, i) if isinstance(spec, list) else ("operators", name), one


def _split_operator(text: str) -> tuple[str | None, str]:
    schema, dot, symbol = text.rpartition(".")
    return (schema if dot else None), symbol


def operator_ref_error(text: str) -> str | None:
    """A commutator or negator: ``symbol`` or ``schema.symbol``."""
    schema, symbol = _split_operator(text)
    if schema is not None:
        err = F.name_error(schema, "schema name", parts=1)
        if err:
            return f"{schema!r}: {err}"
    return symbol_error(symbol)


def check_operators(doc: Doc) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: tuple, message: str, hint: str | None = None, key: bool = False) -> None:
        line, col = doc.pos(path, key=key)
        problems.append(Problem(doc.file, line, col, message, hint))

    for name, path, spec in operator_specs(doc):
        what = f"operator {name!r}"
        err = symbol_error(name)
        if err:
            add(path, f"{what} is not an operator name: {err}", key=True,
                hint="quote the symbol in YAML, e.g. '~<<': or '===':")
        for side in ("left", "right"):
            if side in spec:
                err = F.CHECKS["type"](str(spec[side]))
                if err:
                    add(path + (side,), f"{what}: {side} type {str(spec[side])!r} is not accepted: {err}",
                        hint="write a type name such as text, integer or public.money")
        for field in ("function", "restrict", "join"):
            if field in spec:
                err = F.name_error(str(spec[field]), "function name")
                if err:
                    add(path + (field,), f"{what}: {field} {str(spec[field])!r} is not accepted: {err}",
                        hint="write a function's name, e.g. my_eq or public.my_eq")
        for field in ("commutator", "negator"):
            if field in spec:
                err = operator_ref_error(str(spec[field]))
                if err:
                    add(path + (field,), f"{what}: {field} {str(spec[field])!r} is not accepted: {err}",
                        hint="write an operator symbol such as = or public.===")
    return problems


def operator_error(o: Operator) -> str | None:
    """What of a built operator cannot go into SQL as it is (the model guard's question)."""
    for sym in (o.name, *(r.name for r in (o.commutator, o.negator) if r is not None)):
        err = symbol_error(sym)
        if err:
            return f"symbol {sym!r}: {err}"
    for t in (o.left, o.right):
        if t is not None and F.CHECKS["type"](t):
            return f"type {t!r} is not safe to put into SQL"
    return None


# ---------------------------------------------------------------- build


def build_operators(docs: list[Doc], cat: Catalog) -> list[Operator]:
    out = []
    for doc in docs:
        fschema = doc_schema(doc, cat.default_schema)
        for name, _, spec in operator_specs(doc):
            out.append(_operator(name, spec, str(spec.get("schema") or fschema), cat))
    return out


def _ref(text: Any, schema: str) -> QName | None:
    if text is None:
        return None
    qual, symbol = _split_operator(str(text))
    return QName(function_name(qual, schema).name if qual else schema, symbol)


def _operator(name: str, spec: dict, schema: str, cat: Catalog) -> Operator:
    def typ(key: str) -> str | None:
        return None if spec.get(key) is None else cat.type_text({"type": str(spec[key])}, schema)

    def fn(key: str, default_schema: str) -> QName | None:
        return None if spec.get(key) is None else function_name(str(spec[key]), default_schema)

    return Operator(
        schema, name, typ("left"), typ("right") or "", function_name(str(spec["function"]), schema),
        commutator=_ref(spec.get("commutator"), schema), negator=_ref(spec.get("negator"), schema),
        restrict=fn("restrict", ESTIMATOR_SCHEMA), join=fn("join", ESTIMATOR_SCHEMA),
        hashes=bool(spec.get("hashes", False)), merges=bool(spec.get("merges", False)),
        comment=spec.get("comment"),
    )


# ---------------------------------------------------------------- write


def _name_ref(name: QName, bare_in: str) -> str:
    bare = catalog_ident(name.name)
    return bare if name.schema == bare_in else f"{catalog_ident(name.schema)}.{bare}"


def _op_ref(name: QName, bare_in: str) -> str:
    return name.name if name.schema == bare_in else f"{catalog_ident(name.schema)}.{name.name}"


def operator_node(o: Operator) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    if o.left is not None:
        spec["left"] = o.left
    spec["right"] = o.right
    spec["function"] = _name_ref(o.function, o.schema)
    if o.commutator is not None:
        spec["commutator"] = _op_ref(o.commutator, o.schema)
    if o.negator is not None:
        spec["negator"] = _op_ref(o.negator, o.schema)
    if o.restrict is not None:
        spec["restrict"] = _name_ref(o.restrict, ESTIMATOR_SCHEMA)
    if o.join is not None:
        spec["join"] = _name_ref(o.join, ESTIMATOR_SCHEMA)
    if o.hashes:
        spec["hashes"] = True
    if o.merges:
        spec["merges"] = True
    if o.comment is not None:
        spec["comment"] = o.comment
    return spec


def write_operators(operators, put: Callable, kind_file: Callable) -> None:
    """Operators into their schema's ``_operators`` file through ``put`` (the same symbol over
    other types as a list, in identity order)."""
    by_name: dict[tuple[str, str], list[Operator]] = defaultdict(list)
    for o in sorted(operators, key=lambda o: o.key):
        by_name[(o.schema, o.name)].append(o)
    for (schema, name), ops in sorted(by_name.items()):
        nodes = [operator_node(o) for o in ops]
        put(kind_file(schema, "operators"), schema, "operators", name, nodes[0] if len(nodes) == 1 else nodes)
