"""Plain btree indexes as the catalog reads them back: columns with ASC/DESC/NULLS (the
default NULLS order for the direction reads as unspecified), ``lower(col)`` on a text column,
and a predicate of the :mod:`checks` grammar."""

from __future__ import annotations

from ..model import Index, IndexElement, evolve
from .checks import canonical_condition
from .literals import Unproven, column_ident
from .sqltext import Call, Col, parse


def canonical_index(ix: Index, columns: dict[str, str]) -> Index:
    if ix.method != "btree" or ix.include or ix.storage or ix.nulls_not_distinct or not ix.elements:
        raise Unproven(ix.name)
    elements = tuple(_element(e, columns) for e in ix.elements)
    where = canonical_condition(ix.where, columns) if ix.where is not None else None
    return ix if elements == ix.elements and where == ix.where else evolve(ix, elements=elements, where=where)


def _element(e: IndexElement, columns: dict[str, str]) -> IndexElement:
    if e.collation is not None or e.opclass is not None:
        raise Unproven("element")
    nulls = e.nulls_first
    if nulls is not None and nulls == e.descending:  # DESC NULLS FIRST / ASC NULLS LAST: the default
        nulls = None
    if e.column is not None and e.expression is None:
        if e.column not in columns:
            raise Unproven(e.column)
        return e if nulls == e.nulls_first else IndexElement(column=e.column, descending=e.descending, nulls_first=nulls)
    node = parse(e.expression or "")
    if (isinstance(node, Call) and node.name == "lower" and len(node.args) == 1 and isinstance(node.args[0], Col)
            and columns.get(node.args[0].name) == "text"):
        return IndexElement(expression=f"lower({column_ident(node.args[0].name)})", descending=e.descending,
                            nulls_first=nulls)
    raise Unproven("expression")
