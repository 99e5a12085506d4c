"""The package's shape, checked: no import cycles, dependencies pointing one way, small modules.

Reads the source (module-level imports only; imports inside functions are the lazy ones the
CLI uses on purpose) and fails with the offending modules named, so a new module that breaks
the layout of ``docs/architecture.md`` is caught in review, not in a circular ImportError.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "schemaforge"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(modules: dict[str, Path]) -> dict[str, list[str]]:
    """Module → the schemaforge modules it imports at module level (not in functions), sorted."""
    graph: dict[str, list[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text())
        found: set[str] = set()
        for node in tree.body:  # top level only: function bodies hold the deliberate lazy imports
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, path.name == "__init__.py", node)
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            elif isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
                continue
            for t in targets:
                while t and t not in modules:
                    t = t.rpartition(".")[0]
                if t.startswith("schemaforge") and t != name:
                    found.add(t)
        graph[name] = sorted(found)
    return graph


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, []):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


GRAPH = _imports(_modules())


def _package_imports(package: str) -> list[str]:
    """Schemaforge modules imported at module level by anything inside ``package``."""
    return sorted({t for m, ts in GRAPH.items() if m == package or m.startswith(package + ".") for t in ts})


def test_no_import_cycles():
    # a package's __init__ importing its own submodules is a cycle only if they import it back
    assert _cycles(GRAPH) == []


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


# package → packages it must never import at module level (the arrows of docs/architecture.md)
FORBIDDEN = {
    "schemaforge.model": ["schemaforge.entities", "schemaforge.inspect", "schemaforge.diff", "schemaforge.changes",
                          "schemaforge.order", "schemaforge.render", "schemaforge.migrations", "schemaforge.cli",
                          "schemaforge.planner", "schemaforge.database"],
    "schemaforge.entities": ["schemaforge.inspect", "schemaforge.diff", "schemaforge.changes", "schemaforge.render",
                             "schemaforge.migrations", "schemaforge.cli", "schemaforge.planner", "schemaforge.database"],
    "schemaforge.inspect": ["schemaforge.entities", "schemaforge.diff", "schemaforge.changes", "schemaforge.render",
                            "schemaforge.migrations", "schemaforge.cli", "schemaforge.planner"],
    "schemaforge.diff": ["schemaforge.entities", "schemaforge.inspect", "schemaforge.render", "schemaforge.migrations",
                         "schemaforge.cli", "schemaforge.planner", "schemaforge.database"],
    "schemaforge.changes": ["schemaforge.entities", "schemaforge.inspect", "schemaforge.diff", "schemaforge.render",
                            "schemaforge.migrations", "schemaforge.cli", "schemaforge.planner", "schemaforge.database"],
    "schemaforge.render": ["schemaforge.entities", "schemaforge.inspect", "schemaforge.diff", "schemaforge.migrations",
                           "schemaforge.cli", "schemaforge.planner", "schemaforge.database"],
    "schemaforge.migrations": ["schemaforge.cli", "schemaforge.fleet"],
    "schemaforge.fleet": ["schemaforge.cli", "schemaforge.planner"],
    # pure: text in, model out; what it proves must not depend on a connection
    "schemaforge.canonical": ["schemaforge.entities", "schemaforge.inspect", "schemaforge.diff", "schemaforge.changes",
                              "schemaforge.render", "schemaforge.migrations", "schemaforge.cli", "schemaforge.planner",
                              "schemaforge.database", "schemaforge.normalize"],
    "schemaforge.database": ["schemaforge.entities", "schemaforge.diff", "schemaforge.changes", "schemaforge.render",
                             "schemaforge.migrations", "schemaforge.cli", "schemaforge.planner"],
}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_dependencies_point_one_way(package):
    wrong = [t for t in _package_imports(package) for f in FORBIDDEN[package] if _under(t, f)]
    assert wrong == [], f"{package} must not import {wrong}"


def test_nothing_imports_the_cli():
    assert [m for m, ts in GRAPH.items() if not _under(m, "schemaforge.cli") and m != "schemaforge.__main__"
            and any(_under(t, "schemaforge.cli") for t in ts)] == []


def test_modules_stay_small():
    big = {m: n for m, p in _modules().items() if (n := len(p.read_text().splitlines())) > 600}
    assert big == {}


def test_the_checker_sees_a_cycle():
    """The cycle finder itself can fail: a two-module loop is reported."""
    assert _cycles({"a": ["b"], "b": ["a"], "c": ["a"]}) == [["a", "b"]]
