"""Privileges across normalization: set aside before the scratch database, put back after.

ACLs and default privileges hold no SQL text for PostgreSQL to respell (role, privilege and
column names only), so normalization neither creates them (no role is needed in a scratch
database, and its cache keys stay those of the objects) nor reads them back: they are taken
off the model before and put back afterwards, in their one spelling for the server's version
(every privilege of a kind as ``ALL``, ``MAINTAIN`` counted from PostgreSQL 17 on).
"""

from __future__ import annotations

from dataclasses import replace

from .model import Database, DefaultPrivilege, Privilege
from .model.grants import canonical_acl, collapse, default_key

_KIND = {"schemas": "schema", "tables": "table", "views": "table", "sequences": "sequence",
         "functions": "function", "enums": "type", "domains": "type", "composite_types": "type",
         "aggregates": "function", "range_types": "type"}


def _key(field: str, o) -> tuple:
    if field in ("functions", "aggregates"):
        return (field, o.key)
    if field == "schemas":
        return (field, o.name)
    return (field, o.schema, o.name)


def strip_grants(db: Database) -> Database:
    """``db`` without ACLs or default privileges (what normalization materializes)."""
    if not has_grants(db):
        return db
    return replace(db, default_privileges=(), **{
        f: tuple(replace(o, grants=None) if o.grants is not None else o for o in getattr(db, f)) for f in _KIND})


def has_grants(db: Database) -> bool:
    return bool(db.default_privileges) or any(o.grants is not None for f in _KIND for o in getattr(db, f))


def restore_grants(db: Database, source: Database, version: int) -> Database:
    """``db`` with the ACLs and default privileges of ``source`` (by object), canonical for ``version``."""
    if not has_grants(source):
        return strip_grants(db)
    acls = {_key(f, o): o.grants for f in _KIND for o in getattr(source, f) if o.grants is not None}

    def put(f: str, o):
        acl = acls.get(_key(f, o))
        if acl is None:
            return replace(o, grants=None) if o.grants is not None else o
        kind = _KIND[f]
        return replace(o, grants=canonical_acl(collapse(acl, kind, version), kind, o.name if f == "schemas" else ""))

    defaults = canonical_defaults(source.default_privileges, version)
    return replace(db, default_privileges=defaults, **{f: tuple(put(f, o) for o in getattr(db, f)) for f in _KIND})


_DEFAULT_KIND = {"tables": "table", "sequences": "sequence", "functions": "function", "types": "type",
                 "schemas": "schema"}


def canonical_defaults(items, version: int) -> tuple[DefaultPrivilege, ...]:
    """Default privileges in their one spelling for ``version``, sorted."""
    groups: dict[tuple, list[Privilege]] = {}
    for d in items:
        groups.setdefault((d.role, d.schema, d.on), []).append(Privilege(d.grantee, d.privilege, None, d.grant_option))
    out = {DefaultPrivilege(role, schema, on, p.grantee, p.privilege, p.grant_option)
           for (role, schema, on), privs in groups.items() for p in collapse(privs, _DEFAULT_KIND[on], version)}
    return tuple(sorted(out, key=default_key))
