"""``grants:`` on objects and the top-level ``default_privileges:``, checked and built.

Each object may say ``grants:``, a list of ``{to, privileges, columns, with_grant_option}``;
without the key an object has PostgreSQL's default ACL (``EXECUTE`` to ``PUBLIC`` on
functions, ``USAGE`` to ``PUBLIC`` on types, nothing on tables), and with it exactly the
privileges listed (besides its owner's own). See docs/grants.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..errors import Problem
from ..model import Database, DefaultPrivilege, Privilege, Schema
from ..model.grants import DEFAULT_KINDS, PRIVILEGES, PUBLIC, canonical_acl, default_key
from .aggregates import aggregate_key, aggregate_specs
from .index import Catalog, doc_schema
from .loader import Doc
from .routines import _function, routine_specs
from .structure import did_you_mean

# YAML section -> (model field, ACL kind)
_SECTIONS = {"entities": ("tables", "table"), "views": ("views", "view"), "sequences": ("sequences", "sequence"),
             "enums": ("enums", "type"), "domains": ("domains", "type"), "composite_types": ("composite_types", "type"),
             "schemas": ("schemas", "schema"), "range_types": ("range_types", "type")}


def grant_nodes(doc: Doc, cat: Catalog) -> Iterator[tuple[str, tuple, tuple, list]]:
    """(ACL kind, object key, YAML path of ``grants``, the list) of every object of ``doc`` that has ``grants:``."""
    data = doc.data if isinstance(doc.data, dict) else {}
    fschema = doc_schema(doc, cat.default_schema)
    for section, (field, kind) in _SECTIONS.items():
        items = data.get(section)
        for name, node in (items.items() if isinstance(items, dict) else []):
            if not isinstance(node, dict) or not isinstance(node.get("grants"), list):
                continue
            if section == "entities":
                ent = cat.entities.get(str(name))
                if ent is None or ent.doc is not doc:
                    continue
                key = (field, ent.schema, ent.table)
            elif section == "schemas":
                key = (field, str(name))
            else:
                key = (field, str(node.get("schema") or fschema), str(name))
            yield kind, key, (section, name, "grants"), node["grants"]
    for section, name, path, spec in routine_specs(doc):
        if isinstance(spec.get("grants"), list):
            f = _function(name, spec, str(spec.get("schema") or fschema), cat, section == "procedures")
            yield "function", ("functions", f.key), (*path, "grants"), spec["grants"]
    for name, path, spec in aggregate_specs(doc):
        if isinstance(spec.get("grants"), list):
            yield "function", ("aggregates", aggregate_key(name, spec, fschema, cat)), (*path, "grants"), spec["grants"]


def _privileges(item: dict) -> list[str]:
    privs = item.get("privileges")
    return [str(p).strip().upper() for p in (privs if isinstance(privs, list) else [privs])]


def _columns_of(cat: Catalog, key: tuple) -> list[str] | None:
    """The YAML columns of the table at ``key`` (None: not a table, or not known)."""
    if key[0] != "tables":
        return None
    ent = next((e for e in cat.entities.values() if (e.schema, e.table) == key[1:]), None)
    if ent is None:
        return None
    from .validate import _visible_columns

    return _visible_columns(cat, ent, ent.node)


def check_grants(docs: list[Doc], cat: Catalog) -> list[Problem]:
    """Privileges the object cannot have, columns it does not have, ALL mixed with others."""
    out: list[Problem] = []

    def add(doc: Doc, path: tuple, message: str, hint: str) -> None:
        line, col = doc.pos(path)
        out.append(Problem(doc.file, line, col, message, hint))

    for doc in docs:
        for kind, key, path, items in grant_nodes(doc, cat):
            for i, item in enumerate(items):
                if not isinstance(item, dict):
                    continue
                columns = item.get("columns")
                pkind = "column" if columns else kind
                allowed = PRIVILEGES[pkind]
                what = "a column" if columns else f"a {kind}"
                for j, p in enumerate(_privileges(item)):
                    if p != "ALL" and p not in allowed:
                        ppath = (*path, i, "privileges", j) if isinstance(item.get("privileges"), list) else (*path, i, "privileges")
                        add(doc, ppath, f"{p!r} is not a privilege of {what}",
                            f"{what} can be granted {', '.join(allowed)} or ALL" + did_you_mean(p, allowed))
                if "ALL" in _privileges(item) and len(_privileges(item)) > 1:
                    add(doc, (*path, i, "privileges"), "ALL stands for every privilege: list it alone",
                        "write privileges: [ALL], or list the privileges one by one")
                known = _columns_of(cat, key)
                for j, c in enumerate(columns or []):
                    if known is not None and str(c) not in known:
                        add(doc, (*path, i, "columns", j), f"column {str(c)!r} is not a column of this table",
                            f"its columns: {', '.join(known)}" + did_you_mean(str(c), known))
        for i, item in enumerate(_default_items(doc)):
            kind = DEFAULT_KINDS.get(str(item.get("on")))
            for j, p in enumerate(_privileges(item)):
                if kind and p != "ALL" and p not in PRIVILEGES[kind]:
                    add(doc, ("default_privileges", i, "privileges", j), f"{p!r} is not a privilege of {item.get('on')}",
                        f"{item.get('on')} can be granted {', '.join(PRIVILEGES[kind])} or ALL"
                        + did_you_mean(p, PRIVILEGES[kind]))
    return out


def _default_items(doc: Doc) -> list[dict]:
    data = doc.data if isinstance(doc.data, dict) else {}
    items = data.get("default_privileges")
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def acl_of(items: list, kind: str, name: str = "") -> tuple[Privilege, ...] | None:
    """The model ACL of a ``grants:`` list (None when it is PostgreSQL's default)."""
    out = []
    for item in items:
        grantee = str(item["to"])
        grantee = PUBLIC if grantee.upper() == PUBLIC else grantee
        option = bool(item.get("with_grant_option", False))
        columns = [str(c) for c in item.get("columns") or []] or [None]
        out += [Privilege(grantee, p, c, option) for p in _privileges(item) for c in columns]
    return canonical_acl(out, kind, name)


def attach_grants(docs: list[Doc], cat: Catalog, db: Database) -> Database:
    """``db`` (as built) with each object's ``grants:`` and the files' ``default_privileges:``."""
    acls: dict[tuple, Any] = {}
    for doc in docs:
        for kind, key, _, items in grant_nodes(doc, cat):
            acls[key] = acl_of(items, kind, key[1] if kind == "schema" else "")
    defaults = []
    for doc in docs:
        for item in _default_items(doc):
            grantee = str(item["to"])
            grantee = PUBLIC if grantee.upper() == PUBLIC else grantee
            for p in _privileges(item):
                defaults.append(DefaultPrivilege(str(item["for_role"]), item.get("in_schema"), str(item["on"]),
                                                 grantee, p, bool(item.get("with_grant_option", False))))
    if not acls and not defaults:
        return db
    schemas = list(db.schemas)
    have = {s.name for s in schemas}
    schemas += [Schema(k[1]) for k in sorted(acls) if k[0] == "schemas" and k[1] not in have]

    def put(field: str, o):
        key = (field, o.key) if field in ("functions", "aggregates") else (field, o.name) if field == "schemas" else (field, o.schema, o.name)
        return replace(o, grants=acls[key]) if key in acls else o

    fields = ("tables", "views", "sequences", "enums", "domains", "composite_types", "functions", "aggregates",
              "range_types")
    return replace(db, schemas=tuple(put("schemas", s) for s in sorted(schemas, key=lambda s: s.name)),
                   default_privileges=tuple(sorted(set(defaults), key=default_key)),
                   **{f: tuple(put(f, o) for o in getattr(db, f)) for f in fields})
