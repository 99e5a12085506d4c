"""``forge import`` for functions, procedures and triggers: their YAML nodes and body files.

A body of more than five lines goes to a ``.sql`` file next to the YAML (``body_file:``),
holding the body exactly; a shorter one is written inline, as a literal block when YAML can
carry it that way byte for byte, else as a quoted string.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ruamel.yaml.scalarstring import LiteralScalarString

from ..idents import catalog_ident
from ..model import LIST_SETTINGS, Function, QName, Table, View, list_elements
from .write_grants import grants_node
from .yamlstyle import flow, flow_seq

MAX_INLINE_LINES = 5


def _number(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def inline_body(body: str) -> Any:
    """A body as YAML keeps it exactly: a literal block when that is safe, else a string."""
    plain = all(c.isprintable() or c in "\n\t" for c in body) and not body.endswith("\n\n")
    return LiteralScalarString(body) if "\n" in body and plain else body


def function_node(f: Function, body_file: str | None) -> dict:
    """The YAML of one function or procedure (``body_file``: where its body was written)."""
    spec: dict[str, Any] = {}
    if f.arguments:
        args = []
        for a in f.arguments:
            arg: dict[str, Any] = {}
            if a.name is not None:
                arg["name"] = a.name
            arg["type"] = a.type
            if a.mode != "in":
                arg["mode"] = a.mode
            if a.default is not None:
                arg["default_sql"] = a.default
            args.append(flow(arg))
        spec["arguments"] = args
    if not f.procedure:
        spec["returns"] = f.returns
    if f.language != "sql":
        spec["language"] = f.language
    if f.volatility != "volatile":
        spec["volatility"] = f.volatility
    if f.strict:
        spec["strict"] = True
    if f.leakproof:
        spec["leakproof"] = True
    if f.security_definer:
        spec["security_definer"] = True
    if f.parallel != "unsafe":
        spec["parallel"] = f.parallel
    if f.cost is not None:
        spec["cost"] = _number(f.cost)
    if f.rows is not None:
        spec["rows"] = _number(f.rows)
    if f.config:
        spec["set"] = {k: list_elements(v) if k in LIST_SETTINGS else v for k, v in f.config}
    if f.comment is not None:
        spec["comment"] = f.comment
    if f.grants is not None:
        spec["grants"] = grants_node(f.grants)
    if body_file is not None:
        spec["body_file"] = body_file
    else:
        spec["body"] = inline_body(f.body)
    return spec


def needs_file(f: Function) -> bool:
    return f.body.count("\n") + (0 if f.body.endswith("\n") else 1) > MAX_INLINE_LINES


def body_path(yaml_path: str, f: Function, taken: set[str], safe_name) -> str:
    """A ``.sql`` path next to ``yaml_path`` for ``f``'s body, not in ``taken`` (lower case)."""
    folder = posixpath.dirname(yaml_path)
    stem = safe_name(f.name, "function")
    path, n = posixpath.join(folder, f"{stem}.sql"), 2
    while path.lower() in taken:
        path, n = posixpath.join(folder, f"{stem}-{n}.sql"), n + 1
    taken.add(path.lower())
    return path


def trigger_node(t: Table | View) -> dict:
    """The ``triggers:`` of an entity or a view."""
    out = {}
    for tr in t.triggers:
        spec: dict[str, Any] = {"timing": tr.timing, "events": flow_seq(tr.events)}
        if tr.constraint:
            spec["constraint"] = True
            if tr.deferrable:
                spec["deferrable"] = True
            if tr.initially_deferred:
                spec["initially_deferred"] = True
            if tr.from_table is not None:
                spec["from"] = function_ref(tr.from_table, t.schema)
        if tr.update_of:
            spec["update_of"] = flow_seq(tr.update_of)
        for key in ("old_table", "new_table"):
            if getattr(tr, key) is not None:
                spec[key] = getattr(tr, key)
        if not tr.for_each_row:
            spec["for_each"] = "statement"
        if tr.when is not None:
            spec["when"] = tr.when
        spec["function"] = function_ref(tr.function, t.schema)
        if tr.arguments:
            spec["arguments"] = list(tr.arguments)
        if tr.enabled != "origin":
            spec["enabled"] = tr.enabled
        if tr.comment is not None:
            spec["comment"] = tr.comment
        out[tr.name] = spec
    return out


def function_ref(name: QName, schema: str) -> str:
    """How a trigger names its function (or a constraint trigger its ``FROM`` table): bare in
    the table's schema, else qualified."""
    bare = catalog_ident(name.name)
    return bare if name.schema == schema else f"{catalog_ident(name.schema)}.{bare}"


def write_functions(functions, put: Callable, kind_file: Callable, safe_name: Callable) -> dict[str, str]:
    """Functions and procedures into their schema's file through ``put`` (overloads as a
    list, in identity order); returns the body files, by path."""
    bodies: dict[str, str] = {}
    taken: set[str] = set()
    by_name: dict[tuple[str, str, str], list[Function]] = defaultdict(list)
    for f in sorted(functions, key=lambda f: f.key):
        by_name[(f.schema, "procedures" if f.procedure else "functions", f.name)].append(f)
    for (schema, key, name), fs in sorted(by_name.items()):
        path = kind_file(schema, "functions")
        nodes = []
        for f in fs:
            rel = None
            if needs_file(f):
                file = body_path(path, f, taken, safe_name)
                bodies[file] = f.body
                rel = posixpath.relpath(file, posixpath.dirname(path) or ".")
            nodes.append(function_node(f, rel))
        put(path, schema, key, name, nodes[0] if len(nodes) == 1 else nodes)
    return bodies
