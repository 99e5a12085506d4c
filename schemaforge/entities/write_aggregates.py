"""``forge import`` for aggregates and range types: their YAML nodes.

Support functions are written as the catalog names them (``public._group_concat``, or bare
for a built-in), which the builder reads back to the same text; types take the writer's
shortest spelling that builds back to the same type.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..model import Aggregate, Database, RangeType

TypeText = Callable[[str, str], str]  # (catalog type text, schema) -> YAML spelling


def _flow_seq(items: list) -> CommentedSeq:
    cs = CommentedSeq(items)
    cs.fa.set_flow_style()
    return cs


def aggregate_node(a: Aggregate, type_text: TypeText) -> CommentedMap:
    spec = CommentedMap()
    if a.arguments:
        spec["arguments"] = _flow_seq([type_text(t, a.schema) for t in a.arguments])
    if a.order_by:
        spec["order_by"] = _flow_seq([type_text(t, a.schema) for t in a.order_by])
    if a.hypothetical:
        spec["hypothetical"] = True
    spec["sfunc"] = a.sfunc
    spec["stype"] = type_text(a.stype, a.schema)
    for key in ("finalfunc", "initcond", "combinefunc"):
        if getattr(a, key) is not None:
            spec[key] = getattr(a, key)
    if a.parallel != "unsafe":
        spec["parallel"] = a.parallel
    if a.comment is not None:
        spec["comment"] = a.comment
    return spec


def range_node(r: RangeType, type_text: TypeText, collation: Callable[[str | None], str | None]) -> CommentedMap:
    spec: dict[str, Any] = {"subtype": type_text(r.subtype, r.schema)}
    for key in ("subtype_opclass", "canonical", "subtype_diff", "multirange"):
        if getattr(r, key) is not None:
            spec[key] = getattr(r, key)
    if r.collation is not None:
        spec["collation"] = collation(r.collation)
    if r.comment is not None:
        spec["comment"] = r.comment
    return CommentedMap(spec)


def write_aggregates_and_ranges(db: Database, put: Callable, kind_file: Callable, type_text: TypeText,
                                collation: Callable[[str | None], str | None]) -> None:
    """Aggregates into their schema's functions file (overloads as a list, in identity order),
    range types into its types file, through ``put``."""
    by_name: dict[tuple[str, str], list[Aggregate]] = defaultdict(list)
    for a in sorted(db.aggregates, key=lambda a: a.key):
        by_name[(a.schema, a.name)].append(a)
    for (schema, name), aggs in sorted(by_name.items()):
        nodes = [aggregate_node(a, type_text) for a in aggs]
        put(kind_file(schema, "functions"), schema, "aggregates", name, nodes[0] if len(nodes) == 1 else CommentedSeq(nodes))
    for r in sorted(db.range_types, key=lambda r: (r.schema, r.name)):
        put(kind_file(r.schema, "types"), r.schema, "range_types", r.name, range_node(r, type_text, collation))
