"""SQL for privilege changes: the fewest GRANT and REVOKE statements from one ACL to another.

``ALL`` is a privilege of its own in the model (every privilege of the kind), so the change
is worked out on levels: 0 none, 1 held, 2 held with grant option; ``ALL`` at a level lifts
every privilege to it, and lowering ``ALL`` lowers every privilege (PostgreSQL stores bits).
"""

from __future__ import annotations

from .. import changes as ch
from ..changes.grants import SQL_KIND, Privs
from ..model.grants import PUBLIC
from .locks import tagged
from .registry import renders
from .sql import q, qn


def grantee_sql(name: str) -> str:
    """A role, quoted; ``PUBLIC`` (the pseudo-role) as the keyword."""
    return "PUBLIC" if name == PUBLIC else q(name)


def object_sql(kind: str, name: tuple[str, ...]) -> str:
    """``TABLE "s"."t"``, ``FUNCTION "s"."f"(integer)``, ``SCHEMA "s"`` ..."""
    if kind == "schema":
        return f"SCHEMA {q(name[0])}"
    obj = qn(name[0], name[1])
    if kind in ("function", "procedure", "aggregate"):  # an aggregate by all its input types
        obj += f"({', '.join(name[2:])})"
    return f"{SQL_KIND[kind]} {obj}"


def _levels(privs: Privs) -> dict[str, int]:
    return {p: 2 if option else 1 for p, option in privs}


def privilege_statements(on: str, grantee: str, column: str | None, old: Privs, new: Privs) -> list[str]:
    """GRANT / REVOKE statements taking ``grantee`` from ``old`` to ``new`` on ``on``."""
    to = grantee_sql(grantee)
    cur, want = _levels(old), _levels(new)
    a, b = cur.pop("ALL", 0), want.pop("ALL", 0)
    out: list[str] = []

    def names(privs: list[str]) -> str:
        col = f" ({q(column)})" if column is not None else ""
        return ", ".join(f"{p}{col}" for p in privs)

    def emit(level_from: int, level_to: int, privs: list[str]) -> None:
        if not privs:
            return
        if level_to == 0:
            out.append(f"REVOKE {names(privs)} ON {on} FROM {to}")
        elif level_to == 1 and level_from == 2:
            out.append(f"REVOKE GRANT OPTION FOR {names(privs)} ON {on} FROM {to}")
        else:
            out.append(f"GRANT {names(privs)} ON {on} TO {to}" + (" WITH GRANT OPTION" if level_to == 2 else ""))

    if b < a:
        emit(a, b, ["ALL"])
        cur = {p: min(level, b) for p, level in cur.items()}
    elif b > a:
        emit(a, b, ["ALL"])
    moves: dict[tuple[int, bool], list[str]] = {}
    for p in sorted(set(cur) | set(want)):
        now, then = max(b, cur.get(p, 0)), max(b, want.get(p, 0))
        if now != then:
            moves.setdefault((then, now == 2 and then == 1), []).append(p)
    for (then, option_only), privs in sorted(moves.items()):
        emit(2 if option_only else 0, then, privs)
    return out


@renders(ch.ChangeGrant)
def _change_grant(c: ch.ChangeGrant) -> list[str]:
    on = object_sql(c.target, c.name)
    reset = [f"REVOKE ALL ON {on} FROM {grantee_sql(c.grantee)}"] if c.reset else []
    old = () if c.reset and c.phase == "created" else c.old
    body = privilege_statements(on, c.grantee, c.column, old, c.new)
    out = reset + body if c.phase == "created" else body + reset
    return [tagged("grant", s) for s in out]


@renders(ch.ChangeDefaultPrivileges)
def _change_default(c: ch.ChangeDefaultPrivileges) -> list[str]:
    head = f"ALTER DEFAULT PRIVILEGES FOR ROLE {q(c.role)}" + (f" IN SCHEMA {q(c.schema)}" if c.schema else "")
    return [tagged("grant", f"{head} {s}") for s in privilege_statements(c.on.upper(), c.grantee, None, c.old, c.new)]
