"""Row-level security in YAML: an entity's ``rls: {enabled, force}`` and ``policies:``,
checked, built onto the model's tables, and written back for ``forge import``.

``using`` and ``with_check`` are each exactly one expression (no ``;``, no comment, nothing
that closes the parentheses around it); policy and role names are quoted wherever they reach
SQL, so any text is data there. The meaning checks say what PostgreSQL would refuse, where:
``WITH CHECK`` on a SELECT or DELETE policy, ``USING`` on an INSERT policy, PUBLIC next to
other roles (PostgreSQL would keep only PUBLIC), the same policy name twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from .. import fragments as F
from ..errors import Problem
from ..model import Policy, Table
from ..model.policies import PUBLIC
from .index import Catalog
from .loader import Doc

MAX_NAME_BYTES = 63
_NO_WITH_CHECK = ("select", "delete")
_NO_USING = ("insert",)

def policy_specs(doc: Doc) -> Iterator[tuple[tuple, dict]]:
    """(YAML path, spec) of every policy of ``doc`` that is a mapping."""
    data = doc.data if isinstance(doc.data, dict) else {}
    ents = data.get("entities")
    for ename, ent in ents.items() if isinstance(ents, dict) else ():
        pols = ent.get("policies") if isinstance(ent, dict) else None
        for i, spec in enumerate(pols) if isinstance(pols, list) else ():
            if isinstance(spec, dict):
                yield ("entities", ename, "policies", i), spec

def check_policies(doc: Doc) -> list[Problem]:
    """Problems of every policy of ``doc``, each at its YAML node with how to fix it."""
    problems: list[Problem] = []

    def add(path: tuple, message: str, hint: str | None = None, key: bool = False) -> None:
        line, col = doc.pos(path, key=key)
        problems.append(Problem(doc.file, line, col, message, hint))

    seen: dict[tuple, set[str]] = {}
    for path, spec in policy_specs(doc):
        name = str(spec.get("name", ""))
        what = f"policy '{name}'"
        names = seen.setdefault(path[:2], set())
        if name in names:
            add(path + ("name",), f"{what} is declared twice on this entity", hint="give each policy its own name")
        names.add(name)
        _check_policy(add, what, path, spec)
    return problems

def _check_policy(add, what: str, path: tuple, spec: dict) -> None:
    for key, hint in (("using", "write one condition over the row, e.g. owner = current_user"),
                      ("with_check", "write one condition new rows must meet, e.g. owner = current_user")):
        if key in spec and spec[key] is not None:
            err = F.CHECKS["expression"](str(spec[key]))
            if err:
                add(path + (key,), f"{what}: {key} {str(spec[key])!r} is not accepted: {err}", hint=hint)
    command = str(spec.get("command", "all")).lower()
    if command in _NO_WITH_CHECK and spec.get("with_check") is not None:
        add(path + ("with_check",), f"{what}: a {command.upper()} policy has no WITH CHECK", key=True,
            hint="remove with_check (it applies to rows written), or make the command all, insert or update")
    if command in _NO_USING and spec.get("using") is not None:
        add(path + ("using",), f"{what}: an INSERT policy has no USING", key=True,
            hint="write the condition as with_check (the rows inserted must meet it)")
    for key in ("name", "renamed_from"):
        value = spec.get(key)
        if isinstance(value, str) and len(value.encode("utf-8")) > MAX_NAME_BYTES:
            add(path + (key,), f"{what}: name is {len(value.encode('utf-8'))} bytes long; PostgreSQL names hold "
                               f"at most {MAX_NAME_BYTES} bytes", hint="shorten it (PostgreSQL would cut it silently)")
    _check_roles(add, what, path, spec.get("roles"))

def _check_roles(add, what: str, path: tuple, roles: Any) -> None:
    if not isinstance(roles, list):
        return
    spelled = [_role(r) for r in roles]
    for i, r in enumerate(spelled):
        if not r or "\x00" in r or len(r.encode("utf-8")) > MAX_NAME_BYTES:
            add(path + ("roles", i), f"{what}: role {roles[i]!r} is not a role name",
                hint="write a role name of 1 to 63 bytes, or PUBLIC")
        elif r in spelled[:i]:
            add(path + ("roles", i), f"{what}: role {roles[i]!r} is listed twice", hint="list each role once")
    if PUBLIC in spelled and len(spelled) > 1:
        add(path + ("roles",), f"{what}: PUBLIC already means every role; PostgreSQL would ignore the others",
            hint="write roles: [PUBLIC] alone, or list only the roles the policy is for")

def _role(value: Any) -> str:
    """A role as the model keeps it: the exact name, or ``public`` for PUBLIC in any case."""
    text = str(value)
    return PUBLIC if text.lower() == PUBLIC else text

def build_policy(spec: dict) -> Policy:
    roles = tuple(sorted({_role(r) for r in spec.get("roles") or [PUBLIC]}))
    text = lambda k: None if spec.get(k) is None else str(spec[k])  # noqa: E731
    return Policy(
        str(spec["name"]), str(spec.get("command", "all")).lower(),
        permissive=str(spec.get("as", "permissive")).lower() != "restrictive",
        roles=roles, using=text("using"), with_check=text("with_check"), comment=spec.get("comment"),
        renamed_from=text("renamed_from"),
    )

def with_policies(tables: list[Table], cat: Catalog) -> list[Table]:
    """``tables`` with the row-level security their entities declare."""
    nodes = {(e.schema, e.table): e.node for e in cat.entities.values() if isinstance(e.node, dict)}
    out = []
    for t in tables:
        node = nodes.get((t.schema, t.name))
        rls = node.get("rls") if node else None
        pols = node.get("policies") if node else None
        if not rls and not pols:
            out.append(t)
            continue
        rls = rls if isinstance(rls, dict) else {}
        out.append(replace(t, rls_enabled=bool(rls.get("enabled", False)), rls_forced=bool(rls.get("force", False)),
                           policies=tuple(build_policy(p) for p in pols or () if isinstance(p, dict))))
    return out

def rls_nodes(t: Table) -> dict[str, Any]:
    """The ``rls:`` and ``policies:`` keys ``forge import`` writes for a table (none if unused)."""
    from .yamlstyle import flow  # the writer's only: not imported by a plan

    out: dict[str, Any] = {}
    if t.rls_enabled or t.rls_forced:
        out["rls"] = flow({"enabled": t.rls_enabled, **({"force": True} if t.rls_forced else {})})
    if t.policies:
        out["policies"] = [_policy_node(p) for p in t.policies]
    return out


def _policy_node(p: Policy) -> dict[str, Any]:
    from .yamlstyle import flow_seq

    node: dict[str, Any] = {"name": p.name}
    if p.command != "all":
        node["command"] = p.command
    if not p.permissive:
        node["as"] = "restrictive"
    if p.roles != (PUBLIC,):
        node["roles"] = flow_seq(p.roles)
    for key, value in (("using", p.using), ("with_check", p.with_check), ("comment", p.comment)):
        if value is not None:
            node[key] = value
    return node

