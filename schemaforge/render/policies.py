"""SQL for row-level security: ``ALTER TABLE ... ENABLE / DISABLE / [NO] FORCE ROW LEVEL
SECURITY``, ``CREATE / ALTER / DROP POLICY``, ``ALTER POLICY ... RENAME TO`` and ``COMMENT ON
POLICY``. ``USING`` and ``WITH CHECK`` are checked expressions; names and roles are quoted
(``public`` is the PUBLIC keyword: no role may take that name)."""

from __future__ import annotations

from .. import changes as ch
from ..model import Policy, QName
from ..model.policies import PUBLIC
from .locks import tagged
from .registry import renders
from .sql import comment_sql, q, qq


def roles_sql(roles: tuple[str, ...]) -> str:
    return ", ".join("PUBLIC" if r == PUBLIC else q(r) for r in roles)


def _on(table: QName, name: str) -> str:
    return f"{q(name)} ON {qq(table)}"


def policy_sql(table: QName, p: Policy) -> str:
    text = f"CREATE POLICY {_on(table, p.name)}"
    if not p.permissive:
        text += " AS RESTRICTIVE"
    if p.command != "all":
        text += f" FOR {p.command.upper()}"
    if p.roles != (PUBLIC,):
        text += f" TO {roles_sql(p.roles)}"
    if p.using is not None:
        text += f" USING ({p.using})"
    if p.with_check is not None:
        text += f" WITH CHECK ({p.with_check})"
    return text


def _comment(table: QName, name: str, text: str | None):
    return comment_sql("POLICY", _on(table, name), text)


@renders(ch.CreatePolicy)
def _create(c: ch.CreatePolicy) -> list[str]:
    out = [tagged("policy", policy_sql(c.table, c.policy))]
    if c.policy.comment is not None:
        out.append(_comment(c.table, c.policy.name, c.policy.comment))
    return out


@renders(ch.DropPolicy)
def _drop(c: ch.DropPolicy) -> list[str]:
    return [tagged("policy", f"DROP POLICY {_on(c.table, c.policy.name)}")]


@renders(ch.AlterPolicy)
def _alter(c: ch.AlterPolicy) -> list[str]:
    """Only what differs. A clause that comes or goes cannot be undone by ALTER POLICY: the
    diff drops and creates the policy then (it never makes such an AlterPolicy); comments are
    a :class:`~schemaforge.changes.CommentPolicy` of their own."""
    old, new = c.old, c.new
    text = f"ALTER POLICY {_on(c.table, new.name)}"
    if old.roles != new.roles:
        text += f" TO {roles_sql(new.roles)}"
    if old.using != new.using and new.using is not None:
        text += f" USING ({new.using})"
    if old.with_check != new.with_check and new.with_check is not None:
        text += f" WITH CHECK ({new.with_check})"
    return [tagged("policy", text)]


@renders(ch.RenamePolicy)
def _rename(c: ch.RenamePolicy) -> list[str]:
    return [tagged("policy", f"ALTER POLICY {_on(c.table, c.old_name)} RENAME TO {q(c.new_name)}")]


@renders(ch.CommentPolicy)
def _comment_policy(c: ch.CommentPolicy) -> list[str]:
    return [_comment(c.table, c.name, c.new)]


def _row_security(table: QName, action: str) -> list[str]:
    return [tagged("policy", f"ALTER TABLE {qq(table)} {action} ROW LEVEL SECURITY")]


@renders(ch.EnableRowSecurity)
def _enable(c: ch.EnableRowSecurity) -> list[str]:
    return _row_security(c.table, "ENABLE")


@renders(ch.DisableRowSecurity)
def _disable(c: ch.DisableRowSecurity) -> list[str]:
    return _row_security(c.table, "DISABLE")


@renders(ch.ForceRowSecurity)
def _force(c: ch.ForceRowSecurity) -> list[str]:
    return _row_security(c.table, "FORCE")


@renders(ch.NoForceRowSecurity)
def _no_force(c: ch.NoForceRowSecurity) -> list[str]:
    return _row_security(c.table, "NO FORCE")
