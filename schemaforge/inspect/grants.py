"""Access control lists and default privileges, read onto a model already assembled.

ACLs are exploded on the server (``aclexplode``); the owner's own entries are left out
(owners are not managed), and so is the grantor. A NULL ACL is the kind's default and stays
None in the model; an explicit one equal to the default becomes None too
(:func:`~schemaforge.model.grants.canonical_acl`). Every privilege of the kind held with the
same grant option reads as ``ALL`` (``MAINTAIN`` counts from PostgreSQL 17 on).
"""

from __future__ import annotations

from collections import defaultdict

from ..model import Database, DefaultPrivilege, Privilege, evolve
from ..model.grants import PUBLIC, canonical_acl, collapse, default_key
from .queries import not_ext

_GRANTEE = "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END"

# (kind, schema, name, identity types, modes, column, grantee, privilege, grantable, builtin):
# every entry of every explicit ACL but the owner's; an explicit ACL holding nothing else (all
# revoked, even PUBLIC's default) is one row whose grantee is NULL. Default privileges come as
# kind 'default' (schema, role as name, object type letter as column, builtin: in PostgreSQL's
# own defaults). One query: the inspection's count of queries stays fixed.
ACLS_SQL = f"""
SELECT CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END, n.nspname::text, c.relname::text,
       NULL::text[], NULL::text[], NULL::text, {_GRANTEE}, a.privilege_type, a.is_grantable, NULL::bool
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN LATERAL aclexplode(c.relacl) a ON a.grantee <> c.relowner
WHERE c.relnamespace = ANY (%(nsp)s) AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relacl IS NOT NULL
  AND {not_ext('pg_class', 'c.oid')}
UNION ALL
SELECT 'column', n.nspname::text, c.relname::text, NULL, NULL, at.attname::text, {_GRANTEE},
       a.privilege_type, a.is_grantable, NULL
FROM pg_attribute at JOIN pg_class c ON c.oid = at.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace,
     aclexplode(at.attacl) a
WHERE at.attacl IS NOT NULL  -- (no grant on most columns: not one exploded)
  AND c.relnamespace = ANY (%(nsp)s) AND c.relkind IN ('r', 'p', 'v', 'm') AND at.attnum > 0
  AND NOT at.attisdropped AND a.grantee <> c.relowner AND {not_ext('pg_class', 'c.oid')}
UNION ALL
SELECT 'function', n.nspname::text, p.proname::text,
       ARRAY(SELECT format_type(u.t, NULL)
             FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY u(t, i)
             ORDER BY u.i),
       coalesce(p.proargmodes::text[], array_fill('i'::text, ARRAY[cardinality(p.proargtypes::oid[])])),
       p.prokind::text, {_GRANTEE}, a.privilege_type, a.is_grantable, NULL
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
LEFT JOIN LATERAL aclexplode(p.proacl) a ON a.grantee <> p.proowner
WHERE p.pronamespace = ANY (%(nsp)s) AND p.prokind IN ('f', 'p', 'a') AND p.proacl IS NOT NULL
  AND {not_ext('pg_proc', 'p.oid')}
UNION ALL
SELECT 'type', n.nspname::text, t.typname::text, NULL, NULL, NULL, {_GRANTEE}, a.privilege_type,
       a.is_grantable, NULL
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN LATERAL aclexplode(t.typacl) a ON a.grantee <> t.typowner
WHERE t.typnamespace = ANY (%(nsp)s) AND t.typtype IN ('e', 'd', 'c', 'r') AND t.typacl IS NOT NULL
  AND {not_ext('pg_type', 't.oid')}
UNION ALL
SELECT 'schema', n.nspname::text, n.nspname::text, NULL, NULL, NULL, {_GRANTEE}, a.privilege_type,
       a.is_grantable, NULL
FROM pg_namespace n LEFT JOIN LATERAL aclexplode(n.nspacl) a ON a.grantee <> n.nspowner
WHERE n.oid = ANY (%(nsp)s) AND n.nspacl IS NOT NULL
UNION ALL
SELECT 'default', n.nspname::text, pg_get_userbyid(d.defaclrole)::text, NULL, NULL, d.defaclobjtype::text,
       {_GRANTEE}, a.privilege_type, a.is_grantable,
       d.defaclnamespace = 0 AND EXISTS (
         SELECT 1 FROM aclexplode(acldefault(d.defaclobjtype, d.defaclrole)) b
         WHERE b.grantee = a.grantee AND b.privilege_type = a.privilege_type)
FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a
WHERE (d.defaclnamespace = 0 OR d.defaclnamespace = ANY (%(nsp)s)) AND a.grantee <> d.defaclrole
"""

_ON = {"r": "tables", "S": "sequences", "f": "functions", "T": "types", "n": "schemas"}


def _identity(types, modes, prokind) -> tuple[str, ...]:
    """The identity of a function as :attr:`Function.identity` computes it from its arguments."""
    wanted = ("i", "b", "v", "o") if prokind == "p" else ("i", "b", "v")
    return tuple(t for t, m in zip(types, modes, strict=True) if m in wanted)


def _key(kind, schema, name, types, modes, prokind):
    if kind == "function":
        return ("function", schema, name, _identity(types, modes, prokind))
    if kind == "column":
        return ("table", schema, name)
    return (kind, schema, name)


def read_acls(rows: list[tuple], version: int) -> dict[tuple, tuple | None]:
    """{object key: canonical ACL} for every object whose ACL is not NULL (``ACLS_SQL`` rows)."""
    found: dict[tuple, list[Privilege]] = {}
    for kind, schema, name, types, modes, col_or_kind, grantee, privilege, grantable, _ in rows:
        if kind == "default":
            continue
        if kind == "function":
            key, column = _key(kind, schema, name, types, modes, col_or_kind), None
        else:
            key, column = _key(kind, schema, name, None, None, None), col_or_kind
        items = found.setdefault(key, [])
        if privilege is not None:
            items.append(Privilege(grantee, privilege, column, grantable))
    out: dict[tuple, tuple | None] = {}
    for key, items in found.items():
        kind = "table" if key[0] == "table" else key[0]
        out[key] = canonical_acl(collapse(items, kind, version), kind, key[2] if kind == "schema" else "")
    return out


def read_default_privileges(rows: list[tuple], version: int) -> tuple[DefaultPrivilege, ...]:
    """Default privileges beyond PostgreSQL's own defaults (those are implied), from ``ACLS_SQL`` rows."""
    groups: dict[tuple, list[Privilege]] = defaultdict(list)
    for kind, schema, role, _, _, objtype, grantee, privilege, grantable, builtin in rows:
        if kind != "default" or builtin or objtype not in _ON:
            continue
        groups[(role, schema, _ON[objtype])].append(Privilege(grantee, privilege, None, grantable))
    out = []
    kinds = {"tables": "table", "sequences": "sequence", "functions": "function", "types": "type", "schemas": "schema"}
    for (role, schema, on), items in groups.items():
        for p in collapse(items, kinds[on], version):
            out.append(DefaultPrivilege(role, schema, on, p.grantee, p.privilege, p.grant_option))
    return tuple(sorted(out, key=default_key))


def attach_grants(db: Database, acls: dict[tuple, tuple | None], defaults: tuple[DefaultPrivilege, ...]) -> Database:
    """``db`` with each object's ACL (None where it is the default) and the default privileges."""
    if not acls and not defaults:
        return db

    def rel(o):
        grants = acls.get(("table", o.schema, o.name))
        return o if grants == o.grants else evolve(o, grants=grants)  # most tables: no copy

    def typ(o):
        return evolve(o, grants=acls.get(("type", o.schema, o.name)))

    return evolve(
        db,
        schemas=tuple(evolve(s, grants=acls.get(("schema", s.name, s.name))) for s in db.schemas),
        tables=tuple(rel(t) for t in db.tables),
        views=tuple(rel(v) for v in db.views),
        sequences=tuple(evolve(s, grants=acls.get(("sequence", s.schema, s.name))) for s in db.sequences),
        functions=tuple(evolve(f, grants=acls.get(("function", f.schema, f.name, f.identity))) for f in db.functions),
        enums=tuple(typ(e) for e in db.enums),
        domains=tuple(typ(d) for d in db.domains),
        composite_types=tuple(typ(c) for c in db.composite_types),
        aggregates=tuple(evolve(a, grants=acls.get(("function", a.schema, a.name, a.identity))) for a in db.aggregates),
        range_types=tuple(typ(r) for r in db.range_types),
        default_privileges=defaults,
    )


__all__ = ["ACLS_SQL", "PUBLIC", "attach_grants", "read_acls",
           "read_default_privileges"]


# What about privileges the model does not hold, for ``forge import``'s "left alone" list: a
# built-in default revoked database-wide, and grants on identity sequences (not in the model).
UNMANAGED_GRANTS_SQL = """
SELECT 'default privileges of ' || quote_ident(pg_get_userbyid(d.defaclrole)) || ' on '
       || CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                               WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' ELSE 'large objects' END
       || ' (a built-in default revoked everywhere)'
FROM pg_default_acl d
WHERE d.defaclnamespace = 0 AND EXISTS (
  SELECT 1 FROM aclexplode(acldefault(d.defaclobjtype, d.defaclrole)) b
  WHERE NOT EXISTS (SELECT 1 FROM aclexplode(d.defaclacl) a
                    WHERE a.grantee = b.grantee AND a.privilege_type = b.privilege_type))
UNION ALL
SELECT 'grants on identity sequence ' || c.oid::regclass::text
FROM pg_class c JOIN pg_depend dp
  ON dp.classid = 'pg_class'::regclass AND dp.objid = c.oid AND dp.deptype = 'i'
WHERE c.relkind = 'S' AND c.relacl IS NOT NULL AND c.relnamespace = ANY (%(nsp)s)
"""
