"""``forge import`` for aggregates and range types: their YAML nodes.

Support functions are written bare when the YAML declares them in the object's own schema
(``_group_concat``: the builder qualifies such a name again), else as the catalog names them
(``other._step``, or bare for a built-in); types take the writer's shortest spelling that
builds back to the same type.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ..idents import catalog_ident
from ..model import Aggregate, Database, RangeType
from .routines import function_name
from .write_grants import grants_node
from .yamlstyle import flow_seq

TypeText = Callable[[str, str], str]  # (catalog type text, schema) -> YAML spelling


def _ref(text: str, schema: str, declared: set[tuple[str, str]]) -> str:
    """A support function's name as the YAML writes it (see the module docstring)."""
    q = function_name(text, "")
    if q.schema == "" and (schema, q.name) in declared:  # a built-in the YAML's own name would shadow
        return f"pg_catalog.{text}"
    return catalog_ident(q.name) if (q.schema, q.name) in declared and q.schema == schema else text


def aggregate_node(a: Aggregate, type_text: TypeText, declared: set[tuple[str, str]]) -> dict:
    spec: dict[str, Any] = {}
    if a.arguments:
        spec["arguments"] = flow_seq([type_text(t, a.schema) for t in a.arguments])
    if a.order_by:
        spec["order_by"] = flow_seq([type_text(t, a.schema) for t in a.order_by])
    if a.hypothetical:
        spec["hypothetical"] = True
    spec["sfunc"] = _ref(a.sfunc, a.schema, declared)
    spec["stype"] = type_text(a.stype, a.schema)
    if a.finalfunc is not None:
        spec["finalfunc"] = _ref(a.finalfunc, a.schema, declared)
    if a.initcond is not None:
        spec["initcond"] = a.initcond
    if a.combinefunc is not None:
        spec["combinefunc"] = _ref(a.combinefunc, a.schema, declared)
    _options(spec, a, declared, type_text)
    if a.parallel != "unsafe":
        spec["parallel"] = a.parallel
    if a.comment is not None:
        spec["comment"] = a.comment
    if a.grants is not None:
        spec["grants"] = grants_node(a.grants)
    return spec


def _options(spec: dict, a: Aggregate, declared: set[tuple[str, str]], type_text: TypeText) -> None:
    """The options beyond the common ones, each only when it is not PostgreSQL's default."""
    for key in ("serialfunc", "deserialfunc"):
        if getattr(a, key) is not None:
            spec[key] = _ref(getattr(a, key), a.schema, declared)
    if a.finalfunc_extra:
        spec["finalfunc_extra"] = True
    if a.finalfunc_modify is not None:
        spec["finalfunc_modify"] = a.finalfunc_modify
    if a.sortop is not None:
        spec["sortop"] = a.sortop
    if a.sspace:
        spec["sspace"] = a.sspace
    m = a.moving
    if m is None:
        return
    spec["msfunc"] = _ref(m.msfunc, a.schema, declared)
    spec["minvfunc"] = _ref(m.minvfunc, a.schema, declared)
    spec["mstype"] = type_text(m.mstype, a.schema)
    if m.msspace:
        spec["msspace"] = m.msspace
    if m.mfinalfunc is not None:
        spec["mfinalfunc"] = _ref(m.mfinalfunc, a.schema, declared)
    if m.mfinalfunc_extra:
        spec["mfinalfunc_extra"] = True
    if m.mfinalfunc_modify is not None:
        spec["mfinalfunc_modify"] = m.mfinalfunc_modify
    if m.minitcond is not None:
        spec["minitcond"] = m.minitcond


def range_node(r: RangeType, type_text: TypeText, collation: Callable[[str | None], str | None],
               declared: set[tuple[str, str]]) -> dict:
    spec: dict[str, Any] = {"subtype": type_text(r.subtype, r.schema)}
    if r.subtype_opclass is not None:
        spec["subtype_opclass"] = r.subtype_opclass
    for key in ("canonical", "subtype_diff"):
        if getattr(r, key) is not None:
            spec[key] = _ref(getattr(r, key), r.schema, declared)
    if r.multirange is not None:
        spec["multirange"] = r.multirange
    if r.collation is not None:
        spec["collation"] = collation(r.collation)
    if r.comment is not None:
        spec["comment"] = r.comment
    if r.grants is not None:
        spec["grants"] = grants_node(r.grants)
    return spec


def write_aggregates_and_ranges(db: Database, put: Callable, kind_file: Callable, type_text: TypeText,
                                collation: Callable[[str | None], str | None]) -> None:
    """Aggregates into their schema's functions file (overloads as a list, in identity order),
    range types into its types file, through ``put``."""
    declared = {(f.schema, f.name) for f in db.functions}
    by_name: dict[tuple[str, str], list[Aggregate]] = defaultdict(list)
    for a in sorted(db.aggregates, key=lambda a: a.key):
        by_name[(a.schema, a.name)].append(a)
    for (schema, name), aggs in sorted(by_name.items()):
        nodes = [aggregate_node(a, type_text, declared) for a in aggs]
        put(kind_file(schema, "functions"), schema, "aggregates", name, nodes[0] if len(nodes) == 1 else nodes)
    for r in sorted(db.range_types, key=lambda r: (r.schema, r.name)):
        put(kind_file(r.schema, "types"), r.schema, "range_types", r.name, range_node(r, type_text, collation, declared))
