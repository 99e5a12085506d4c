"""The fleet file: which targets a fleet command runs on, read and checked with every problem
located at ``file:line:col``.

    groups:
      - name: canary
        canary: true                  # runs first, alone; default: the first group
        databases:
          - postgresql://app:${PGPASSWORD}@db1/tenant_001
          - {name: eu-1, url: "${EU_URL}"}
      - name: tenants                 # schema-per-tenant: one database, many schemas
        database: postgresql://app:${PGPASSWORD}@db2/shared
        schemas: [acme, globex]
      - name: found
        database: postgresql://app:${PGPASSWORD}@db1/control
        query: SELECT datname FROM pg_database WHERE datname LIKE 'tenant_%'
        returns: databases            # or schemas (of that database)

``${VAR}`` (and ``${VAR:-default}``) in URLs come from the environment, as in the data-source
file; a password never appears in a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..database.session import conninfo_dict, redact, remember_secrets
from ..database.targets import interpolate
from ..errors import ForgeError

GROUP_KEYS = ("name", "canary", "databases", "database", "schemas", "query", "returns")
_EXAMPLE = """a fleet file looks like:
  groups:
    - name: canary
      databases: [postgresql://localhost/tenant_001]
    - name: tenants
      database: postgresql://localhost/shared
      schemas: [acme, globex]"""


@dataclass(frozen=True)
class Group:
    """One group of targets, run as a wave (the canary group first, alone)."""

    name: str
    canary: bool
    kind: str  # databases | schemas | query
    where: str  # file:line:col of the group
    databases: tuple[tuple[str, str, str], ...] = ()  # (name, url, where)
    database: str | None = None  # the database of schemas, or where the query runs
    schemas: tuple[tuple[str, str], ...] = ()  # (schema, where)
    query: str | None = None
    returns: str | None = None  # databases | schemas


@dataclass(frozen=True)
class Fleet:
    path: str
    groups: tuple[Group, ...]  # the canary group first, then the waves in file order


def _at(path: str, node: Any, key: str | int | None = None, value: bool = True) -> str:
    """``file:line:col`` of a mapping key's value (or key), a sequence item, or the node."""
    line, col = 0, 0
    lc = getattr(node, "lc", None)
    if lc is not None:
        try:
            if key is None:
                line, col = lc.line, lc.col
            elif isinstance(key, int):
                line, col = lc.item(key)
            else:
                line, col = lc.value(key) if value else lc.key(key)
        except (KeyError, IndexError, TypeError):
            line, col = lc.line, lc.col
    return f"{path}:{line + 1}:{col + 1}"


def _fail(where: str, message: str, hint: str | None = _EXAMPLE) -> ForgeError:
    return ForgeError(f"{where}: {message}", hint=hint)


def _text(path: str, node: Any, key: str | int, what: str) -> str:
    value = node[key]
    if not isinstance(value, str) or not value.strip():
        raise _fail(_at(path, node, key), f"{what} must be a non-empty text, not {type(value).__name__}")
    return value


def _url(path: str, node: Any, key: str | int) -> str:
    where = _at(path, node, key)
    url = interpolate(_text(path, node, key, "a database URL"), where)
    remember_secrets(url)
    conninfo_dict(url)  # refuses a malformed URL, redacted
    return url


def dbname(url: str) -> str:
    """The database a URL names (what a database target is called unless the file names it)."""
    return str(conninfo_dict(url).get("dbname") or "")


def load(path: Path) -> Fleet:
    """Read and check a fleet file (nothing connects yet)."""
    from ..entities.loader import load_file

    doc, problems = load_file(path)
    if problems:
        p = problems[0]
        raise ForgeError(f"{p.file}:{p.line}:{p.col}: {redact(p.message)}", hint=p.hint)
    assert doc is not None
    doc.keep_positions()  # a small file: its nodes carry their positions (``.lc``) for _at
    name, data = doc.file, doc.data
    if not isinstance(data, dict) or "groups" not in data:
        raise _fail(f"{name}:1:1", "expected a mapping with 'groups'")
    unknown = sorted(str(k) for k in data if k != "groups")
    if unknown:
        raise _fail(_at(name, data, unknown[0], value=False), f"unknown key {unknown[0]!r} (known: groups)")
    groups_node = data["groups"]
    if not isinstance(groups_node, list) or not groups_node:
        raise _fail(_at(name, data, "groups"), "'groups' must be a non-empty list")
    groups = [_group(name, groups_node, i) for i in range(len(groups_node))]
    _check_unique(groups)
    canaries = [g for g in groups if g.canary]
    if len(canaries) > 1:
        raise _fail(canaries[1].where, f"groups {canaries[0].name!r} and {canaries[1].name!r} are both the canary",
                    hint="mark one group `canary: true` (default: the first group)")
    first = canaries[0] if canaries else groups[0]
    return Fleet(name, (first, *[g for g in groups if g is not first]))


def _check_unique(groups: list[Group]) -> None:
    seen: dict[str, str] = {}
    for g in groups:
        if g.name in seen:
            raise _fail(g.where, f"group name {g.name!r} is used twice (first at {seen[g.name]})", hint=None)
        seen[g.name] = g.where


def _group(path: str, seq: list, i: int) -> Group:
    node, where = seq[i], _at(path, seq, i)
    if not isinstance(node, dict):
        raise _fail(where, "a group must be a mapping")
    for k in node:
        if k not in GROUP_KEYS:
            raise _fail(_at(path, node, k, value=False), f"unknown key {str(k)!r} in a group",
                        hint=f"known keys: {', '.join(GROUP_KEYS)}")
    name = _text(path, node, "name", "a group name") if "name" in node else f"group {i + 1}"
    canary = node.get("canary", False)
    if not isinstance(canary, bool):
        raise _fail(_at(path, node, "canary"), "canary must be true or false")
    kinds = [k for k in ("databases", "schemas", "query") if k in node]
    if len(kinds) != 1:
        raise _fail(where, f"group {name!r} must have exactly one of databases, schemas or query "
                           f"(it has {', '.join(kinds) or 'none'})")
    kind = kinds[0]
    if kind == "databases":
        if "database" in node or "returns" in node:
            raise _fail(where, f"group {name!r}: 'database' and 'returns' go with schemas or query, not databases")
        return Group(name, canary, kind, where, databases=_databases(path, node))
    if "database" not in node:
        raise _fail(where, f"group {name!r}: {kind} needs 'database' (the database they are in, or where the "
                           "query runs)")
    database = _url(path, node, "database")
    if kind == "schemas":
        if "returns" in node:
            raise _fail(_at(path, node, "returns", value=False), f"group {name!r}: 'returns' goes with query")
        return Group(name, canary, kind, where, database=database, schemas=_schemas(path, node))
    returns = node.get("returns")
    if returns not in ("databases", "schemas"):
        raise _fail(_at(path, node, "returns") if "returns" in node else where,
                    f"group {name!r}: a query needs `returns: databases` (names of databases on the same server) "
                    "or `returns: schemas` (schemas of that database)", hint=None)
    return Group(name, canary, kind, where, database=database, query=_text(path, node, "query", "a query"),
                 returns=returns)


def _databases(path: str, node: Any) -> tuple[tuple[str, str, str], ...]:
    items = node["databases"]
    if not isinstance(items, list) or not items:
        raise _fail(_at(path, node, "databases"), "'databases' must be a non-empty list of URLs")
    out = []
    for j, item in enumerate(items):
        where = _at(path, items, j)
        if isinstance(item, dict):
            bad = sorted(str(k) for k in item if k not in ("name", "url"))
            if bad or "url" not in item:
                raise _fail(where, "a database is a URL, or a mapping with 'url' and an optional 'name'")
            url = _url(path, item, "url")
            label = _text(path, item, "name", "a target name") if "name" in item else dbname(url)
        else:
            url = _url(path, items, j)
            label = dbname(url)
        if not label:
            raise _fail(where, "this URL names no database: give the target a name", hint="{name: eu-1, url: ...}")
        out.append((label, url, where))
    return tuple(out)


def _schemas(path: str, node: Any) -> tuple[tuple[str, str], ...]:
    items = node["schemas"]
    if not isinstance(items, list) or not items:
        raise _fail(_at(path, node, "schemas"), "'schemas' must be a non-empty list of schema names")
    return tuple((_text(path, items, j, "a schema name"), _at(path, items, j)) for j in range(len(items)))
