"""``grants:`` and ``default_privileges:`` as ``forge import`` writes them: one item per role
and grant option (and per set of columns holding the same privileges), privileges in
PostgreSQL's order, roles sorted: the same ACL always reads the same."""

from __future__ import annotations

from typing import Any

from ..model import DefaultPrivilege, Privilege
from ..model.grants import TABLE_PRIVILEGES
from .yamlstyle import FlowMap, FlowSeq, flow, flow_seq

_ORDER = {p: i for i, p in enumerate(("ALL", *TABLE_PRIVILEGES, "USAGE", "EXECUTE", "CREATE"))}


def _flow(items: dict[str, Any]) -> FlowMap:
    """A flow mapping of the items that are set (None: left out)."""
    return flow({k: v for k, v in items.items() if v is not None})


def _privs(names) -> FlowSeq:
    return flow_seq(sorted(set(names), key=lambda p: (_ORDER.get(p, 99), p)))


def _item(grantee: str, privs, option: bool, columns=None) -> FlowMap:
    return _flow({"to": grantee, "privileges": _privs(privs), "columns": flow_seq(columns) if columns else None,
                  "with_grant_option": True if option else None})


def grants_node(acl: tuple[Privilege, ...]) -> list:
    """The ``grants:`` list of an explicit ACL (``[]`` when it holds nothing)."""
    whole: dict[tuple[str, bool], set[str]] = {}
    by_column: dict[tuple[str, bool, str], set[str]] = {}
    for p in acl:
        if p.column is None:
            whole.setdefault((p.grantee, p.grant_option), set()).add(p.privilege)
        else:
            by_column.setdefault((p.grantee, p.grant_option, p.column), set()).add(p.privilege)
    columns: dict[tuple[str, bool, tuple[str, ...]], list[str]] = {}
    for (grantee, option, column), privs in by_column.items():
        columns.setdefault((grantee, option, tuple(sorted(privs))), []).append(column)
    items = [((g, 0, o, ()), _item(g, privs, o)) for (g, o), privs in whole.items()]
    items += [((g, 1, o, tuple(sorted(cols))), _item(g, privs, o, sorted(cols))) for (g, o, privs), cols in columns.items()]
    return [node for _, node in sorted(items, key=lambda kv: kv[0])]


def default_privileges_node(defaults: tuple[DefaultPrivilege, ...]) -> list:
    """The top-level ``default_privileges:`` list."""
    groups: dict[tuple, set[str]] = {}
    for d in defaults:
        groups.setdefault((d.role, d.schema or "", d.on, d.grantee, d.grant_option), set()).add(d.privilege)
    out = []
    for (role, schema, on, grantee, option), privs in sorted(groups.items()):
        out.append(_flow({"for_role": role, "in_schema": schema or None, "on": on, "to": grantee,
                          "privileges": _privs(privs), "with_grant_option": True if option else None}))
    return out
