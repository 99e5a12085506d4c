"""Roles a schema names: plans grant to them but never create them (roles are cluster-wide).

On the target's server a role the YAML names and the server lacks is an error naming the role
and what uses it. Where the model is only materialized to be read back or replayed (a scratch
database on the embedded server: ``plan --base``, ``--verify``, an offline plan), each missing
role gets a ``NOLOGIN`` stand-in so the SQL runs as it will on the target.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
from psycopg import sql

from .errors import ForgeError
from .model import Database
from .model.grants import PUBLIC
from .model.policies import PUBLIC as POLICY_PUBLIC


def _uses(db: Database) -> Iterator[tuple[str, str]]:
    """(role, what names it) for every role the model names, in model order."""
    for s in db.schemas:
        for p in s.grants or ():
            yield p.grantee, f"schema {s.name}"
    for kind, objs in (("table", db.tables), ("view", db.views), ("sequence", db.sequences),
                       ("enum", db.enums), ("domain", db.domains), ("type", db.composite_types),
                       ("range type", db.range_types)):
        for o in objs:
            for p in o.grants or ():
                yield p.grantee, f"{kind} {o.schema}.{o.name}"
    for t in db.tables:
        for pol in t.policies:
            for r in pol.roles:
                if r != POLICY_PUBLIC:  # policies spell PUBLIC as pg_policy does
                    yield r, f"policy {pol.name} on table {t.schema}.{t.name}"
    for f in db.functions:
        for p in f.grants or ():
            yield p.grantee, f"{'procedure' if f.procedure else 'function'} {f.signature}"
    for a in db.aggregates:
        for p in a.grants or ():
            yield p.grantee, f"aggregate {a.signature}"
    for d in db.default_privileges:
        where = f"default_privileges (for_role {d.role}" + (f", in_schema {d.schema})" if d.schema else ")")
        yield d.role, where
        yield d.grantee, where


def roles_used(db: Database) -> tuple[str, ...]:
    """Every role the model names (``PUBLIC`` is not a role), sorted."""
    return tuple(sorted({r for r, _ in _uses(db) if r != PUBLIC}))


def users_of(db: Database, role: str) -> list[str]:
    """What in the model names ``role``, without repeats, in model order."""
    return list(dict.fromkeys(w for r, w in _uses(db) if r == role))


def missing_roles(conn: psycopg.Connection, db: Database) -> list[str]:
    """The roles ``db`` names that the server behind ``conn`` lacks, sorted."""
    wanted = list(roles_used(db))
    if not wanted:
        return []
    rows = conn.execute("SELECT rolname::text FROM pg_roles WHERE rolname = ANY (%s)", [wanted]).fetchall()
    have = {r[0] for r in rows}
    return [r for r in wanted if r not in have]


def require_roles(conn: psycopg.Connection, db: Database) -> None:
    """Fail, naming each missing role and what uses it, if the target's server lacks one."""
    missing = missing_roles(conn, db)
    if not missing:
        return
    lines = [f"  {r!r}: {', '.join(users_of(db, r)[:5])}" for r in missing]
    raise ForgeError(
        f"{len(missing)} role{'s' if len(missing) > 1 else ''} the YAML grants to "
        f"{'do' if len(missing) > 1 else 'does'} not exist on the target's server:\n" + "\n".join(lines),
        hint="plans never create roles (they belong to the whole server, not to one database): create them "
             "first (CREATE ROLE name NOLOGIN), or take them out of the YAML",
    )


def create_stand_ins(conn: psycopg.Connection, db: Database) -> list[str]:
    """Create a ``NOLOGIN`` role for each role ``db`` names that the server lacks; the names.
    Only for servers that materialize models to read them back (never the target's)."""
    made = []
    for role in missing_roles(conn, db):
        try:
            with conn.transaction():
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        except psycopg.errors.DuplicateObject:  # another run made it meanwhile
            continue
        made.append(role)
    return made
