"""Privileges: an object's access control list and the default privileges of a role.

An ACL is kept exactly as PostgreSQL's ``aclitem[]`` holds it, less the owner's own entries
(the owner is not managed: ``--no-owner``) and less the grantor: a flat, sorted tuple of
:class:`Privilege`. ``None`` stands for PostgreSQL's default ACL of the kind (``relacl IS
NULL``): nothing for tables, views, sequences and schemas; ``EXECUTE`` to ``PUBLIC`` for
functions and procedures, ``USAGE`` to ``PUBLIC`` for types and domains, ``USAGE`` to
``PUBLIC`` for the schema ``public``. An explicit ACL equal to the default is stored as
``None`` too (:func:`canonical_acl`), so two models are equal exactly when the effective
privileges are.
"""

from __future__ import annotations

from dataclasses import dataclass

PUBLIC = "PUBLIC"

# What each kind of object can be granted (PostgreSQL's GRANT reference). MAINTAIN exists
# from PostgreSQL 17 on: ALL on a table means it too there.
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN")
COLUMN_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "REFERENCES")
SEQUENCE_PRIVILEGES = ("USAGE", "SELECT", "UPDATE")
FUNCTION_PRIVILEGES = ("EXECUTE",)
SCHEMA_PRIVILEGES = ("USAGE", "CREATE")
TYPE_PRIVILEGES = ("USAGE",)

PRIVILEGES = {
    "table": TABLE_PRIVILEGES,
    "column": COLUMN_PRIVILEGES,
    "view": TABLE_PRIVILEGES,
    "sequence": SEQUENCE_PRIVILEGES,
    "function": FUNCTION_PRIVILEGES,
    "schema": SCHEMA_PRIVILEGES,
    "type": TYPE_PRIVILEGES,
}

# aclitem letters (PostgreSQL's acl.h)
LETTERS = {"r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE", "D": "TRUNCATE", "x": "REFERENCES",
           "t": "TRIGGER", "m": "MAINTAIN", "X": "EXECUTE", "U": "USAGE", "C": "CREATE"}

# ALTER DEFAULT PRIVILEGES ... ON <object type>: the kind whose privileges it grants
DEFAULT_KINDS = {"tables": "table", "sequences": "sequence", "functions": "function", "types": "type",
                 "schemas": "schema"}


@dataclass(frozen=True)
class Privilege:
    """One privilege of one grantee (a role name, or ``PUBLIC``) on an object or one of its
    columns; ``ALL`` when the grantee holds every privilege the kind has on this server."""

    grantee: str
    privilege: str
    column: str | None = None  # a column privilege (tables and views)
    grant_option: bool = False


ACL = tuple[Privilege, ...]


@dataclass(frozen=True)
class DefaultPrivilege:
    """``ALTER DEFAULT PRIVILEGES FOR ROLE role [IN SCHEMA schema] GRANT privilege ON
    <on> TO grantee``: privileges objects ``role`` creates later get. ``schema`` None: in
    every schema (only grants beyond PostgreSQL's own defaults are modelled)."""

    role: str
    schema: str | None
    on: str  # tables | sequences | functions | types | schemas
    grantee: str
    privilege: str
    grant_option: bool = False


def privilege_key(p: Privilege) -> tuple:
    """Canonical order: object privileges first, then by column, grantee, privilege."""
    return (p.column is not None, p.column or "", p.grantee, p.privilege, p.grant_option)


def default_key(d: DefaultPrivilege) -> tuple:
    return (d.role, d.schema is not None, d.schema or "", d.on, d.grantee, d.privilege, d.grant_option)


def sorted_acl(items) -> ACL:
    """Sorted, without duplicates."""
    return tuple(sorted(set(items), key=privilege_key))


def default_acl(kind: str, name: str = "") -> ACL:
    """PostgreSQL's ACL of a new object of ``kind`` without its owner's entry."""
    if kind == "function":
        return (Privilege(PUBLIC, "EXECUTE"),)
    if kind == "type" or (kind == "schema" and name == "public"):
        return (Privilege(PUBLIC, "USAGE"),)
    return ()


def effective(acl: ACL | None, kind: str, name: str = "") -> ACL:
    """The ACL in force: ``acl``, or the kind's default for None."""
    return default_acl(kind, name) if acl is None else acl


def canonical_acl(items, kind: str, name: str = "") -> ACL | None:
    """Sorted, without duplicates; None when it is the kind's default."""
    acl = sorted_acl(items)
    return None if acl == default_acl(kind, name) else acl


def kind_privileges(kind: str, version: int) -> tuple[str, ...]:
    """Every privilege ``kind`` has on a server of ``version`` (what ALL stands for)."""
    privs = PRIVILEGES[kind]
    return tuple(p for p in privs if p != "MAINTAIN" or version >= 170000)


def collapse(items, kind: str, version: int) -> list[Privilege]:
    """Every privilege of ``kind`` held by one grantee (per column and grant option) as
    ``ALL``, and ``ALL`` of a kind with one privilege as that privilege: one spelling per ACL."""
    groups: dict[tuple, set[str]] = {}
    for p in items:
        groups.setdefault((p.grantee, p.column, p.grant_option), set()).add(p.privilege)
    out = []
    for (grantee, column, option), privs in groups.items():
        every = kind_privileges("column" if column is not None else kind, version)
        if len(every) == 1:
            names = sorted({every[0] if n == "ALL" else n for n in privs})
        else:
            names = ["ALL"] if "ALL" in privs or privs >= set(every) else sorted(privs)
        out += [Privilege(grantee, n, column, option) for n in names]
    return out
