"""The YAML side of extended statistics (``statistics:`` on an entity) and of a column's
``statistics``, ``storage`` and ``compression``: meaning checks, the model, and the writer's
nodes.

A statistics object without a ``name`` gets PostgreSQL's default, ``<table>_<a>_<b>_stat``
(``expr`` for each expression), from the columns in table order and then the expressions;
the plan always spells the name, so no server ever picks one, and ``forge import`` writes
every name.
"""

from __future__ import annotations

from typing import Any

from .. import naming
from ..model import Column, Statistics
from ..model.statistics import STATISTICS_KINDS
from .loader import Doc

NAMEDATALEN = naming.NAMEDATALEN
MAX_TARGET = 10000  # PostgreSQL's largest statistics target


def check_statistics(rep, doc: Doc, path: tuple, node: dict, need_column) -> None:
    """What PostgreSQL would refuse in an entity's ``statistics:`` (the SQL of the expressions
    is checked with the other SQL fields), each at its node."""
    for cname, col in (node.get("columns") or {}).items():
        if isinstance(col, dict):
            _check_target(rep, doc, path + ("columns", cname, "statistics"), col.get("statistics"))
    for i, spec in enumerate(node.get("statistics") or []):
        here = path + ("statistics", i)
        _check_target(rep, doc, here + ("target",), spec.get("target"))
        columns = [str(c) for c in spec.get("columns") or []]
        expressions = spec.get("expressions") or []
        for j, c in enumerate(spec.get("columns") or []):
            need_column(here + ("columns", j), c, "statistics")
        if len(set(columns)) != len(columns):
            rep.add(doc, here + ("columns",), "statistics name a column twice", hint="list each column once")
        if len(columns) + len(expressions) < 2 and not (len(expressions) == 1 and not columns):
            rep.add(doc, here, "statistics need at least two columns or expressions, or a single expression",
                    hint="add another column, or use an index for a single column")
        elif not columns and len(expressions) == 1 and spec.get("kinds"):
            rep.add(doc, here + ("kinds",), "statistics on a single expression take no kinds", key=True,
                    hint="remove kinds: PostgreSQL builds the expression's own statistics")


def check_view_statistics(rep, doc: Doc, path: tuple, view: dict) -> None:
    """A view's ``statistics:``: as an entity's, on a materialized view only. Its columns are
    the query's, which PostgreSQL checks (a name it refuses is located by the probe)."""
    if not view.get("materialized"):
        rep.add(doc, path + ("statistics",), f"view '{path[-1]}' has statistics but is not materialized",
                hint="add materialized: true, or move the statistics to the underlying tables", key=True)
    check_statistics(rep, doc, path, {"statistics": view.get("statistics")}, lambda *_: None)


def _check_target(rep, doc: Doc, path: tuple, value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_TARGET:
        rep.add(doc, path, f"statistics target {value} is above {MAX_TARGET}", hint=f"use -1 (the default) to {MAX_TARGET}")


def default_statistics_name(table: str, columns: list[str], expressions: int, label: str = "stat") -> str:
    """PostgreSQL's ``ChooseExtendedStatisticName`` without a clash: ``<table>_<a>_<b>_stat``."""
    parts = [*columns, *(["expr"] * expressions)]
    buf = ""
    for name in parts:
        if buf:
            buf += "_"
        buf += naming._clip(name, NAMEDATALEN - 1)
        if len(buf.encode()) >= NAMEDATALEN:
            break
    return naming.make_object_name(table, buf, label)


def build_statistics(table: str, columns: list[Column], specs: list[dict]) -> tuple[Statistics, ...]:
    """The statistics objects of one table, columns in table order (as the catalog keeps them)."""
    order = {c.name: i for i, c in enumerate(columns)}
    out: list[Statistics] = []
    taken: set[str] = set()
    for spec in specs:
        cols = sorted((str(c) for c in spec.get("columns") or []), key=lambda c: order.get(c, len(order)))
        exprs = tuple(str(e) for e in spec.get("expressions") or [])
        name = spec.get("name")
        if name is None:
            name, n = default_statistics_name(table, cols, len(exprs)), 0
            while name in taken:  # PostgreSQL's pass number: <table>_<a>_stat1, ...
                n += 1
                name = default_statistics_name(table, cols, len(exprs), f"stat{n}")
        taken.add(str(name))
        kinds = tuple(sorted(str(k) for k in spec.get("kinds") or ()))
        if kinds == tuple(sorted(STATISTICS_KINDS)):
            kinds = ()
        target = spec.get("target")
        out.append(Statistics(str(name), tuple(cols), exprs, kinds,
                              None if target is None or target < 0 else int(target), spec.get("comment")))
    return tuple(out)


def column_options(col: dict) -> dict[str, Any]:
    """A column's ``statistics``/``storage``/``compression`` as model fields."""
    target = col.get("statistics")
    return {"statistics": None if target is None or target < 0 else int(target),
            "storage": col.get("storage"), "compression": col.get("compression")}


def column_option_keys(c: Column) -> dict[str, Any]:
    """The writer's keys for a column's settings (none when they are the defaults)."""
    keys: dict[str, Any] = {}
    if c.statistics is not None:
        keys["statistics"] = c.statistics
    if c.storage is not None:
        keys["storage"] = c.storage
    if c.compression is not None:
        keys["compression"] = c.compression
    return keys


def statistics_nodes(stats: tuple[Statistics, ...]) -> list[dict[str, Any]]:
    """The writer's ``statistics:`` items: every name spelled out."""
    out = []
    for s in stats:
        node: dict[str, Any] = {"name": s.name}
        if s.columns:
            node["columns"] = list(s.columns)
        if s.expressions:
            node["expressions"] = list(s.expressions)
        if s.kinds:
            node["kinds"] = list(s.kinds)
        if s.target is not None:
            node["target"] = s.target
        if s.comment is not None:
            node["comment"] = s.comment
        out.append(node)
    return out
