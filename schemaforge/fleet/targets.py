"""A fleet file's groups expanded into targets: databases, and schema tenants of a database
(listed, or the names a query returns)."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from ..config import Config
from ..database.session import connect, redact, with_dbname
from ..errors import ForgeError
from .file import Fleet, Group, dbname
from .tenant import check_tenant_name


@dataclass(frozen=True)
class Target:
    """One database, or one schema tenant of a database."""

    name: str  # unique in the fleet: the database's name, or <database>/<schema>
    group: str
    wave: int  # 0: the canary group
    url: str
    schema: str | None = None  # a schema tenant's schema; None: the whole database

    @property
    def shown(self) -> str:
        """The target's URL for people: never a password."""
        return redact(self.url) + (f" schema {self.schema}" if self.schema else "")


def expand(fleet: Fleet, config: Config) -> list[Target]:
    """Every target, in run order (the canary group, then the waves), names checked unique."""
    out: list[Target] = []
    seen: dict[str, str] = {}
    for wave, group in enumerate(fleet.groups):
        for name, target, where in _expand_group(group, wave, config):
            if name in seen:
                raise ForgeError(f"{where}: target {name!r} is listed twice (first at {seen[name]})",
                                 hint="each database or tenant schema may be in a fleet once; "
                                      "give a database target its own `name:` if two servers share a database name")
            seen[name] = where
            out.append(target)
    return out


def _expand_group(group: Group, wave: int, config: Config) -> list[tuple[str, Target, str]]:
    if group.kind == "databases":
        return [(n, Target(n, group.name, wave, url), where) for n, url, where in group.databases]
    assert group.database is not None
    base = dbname(group.database)
    if group.kind == "schemas":
        names = list(group.schemas)
    else:
        found = _query(group)
        names = [(n, f"{group.where} (query)") for n in found]
        if group.returns == "databases":
            return [(n, Target(n, group.name, wave, with_dbname(group.database, n)), where) for n, where in names]
    out = []
    for schema, where in names:
        check_tenant_name(config, schema, where)
        name = f"{base}/{schema}"
        out.append((name, Target(name, group.name, wave, group.database, schema), where))
    return out


def _query(group: Group) -> list[str]:
    """The names the group's query returns (first column), sorted; read-only, in its own transaction."""
    assert group.database is not None and group.query is not None
    try:
        with connect(group.database) as conn:
            conn.execute("SET TRANSACTION READ ONLY")
            rows = conn.execute(group.query, prepare=False).fetchall()
    except psycopg.Error as exc:
        raise ForgeError(f"{group.where}: the query of group {group.name!r} failed: {redact(str(exc)).strip()}",
                         hint="it must return one row per target, the name in its first column") from None
    names = sorted({str(r[0]) for r in rows if r and r[0] is not None})
    if not names:
        raise ForgeError(f"{group.where}: the query of group {group.name!r} returned no targets",
                         hint="check the query; a group must have at least one target")
    return names
