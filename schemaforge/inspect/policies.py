"""Row-level security read from the catalog: ``relrowsecurity`` / ``relforcerowsecurity`` of
each table and its policies (``pg_policy``), expressions as ``pg_get_expr`` prints them."""

from __future__ import annotations

from ..model import Policy
from ..model.policies import PUBLIC
from .queries import not_ext

# (relid, enabled, forced) of the tables with row-level security on or forced
ROW_SECURITY_SQL = f"""
SELECT c.oid, c.relrowsecurity, c.relforcerowsecurity
FROM pg_class c
WHERE c.relkind IN ('r', 'p') AND (c.relrowsecurity OR c.relforcerowsecurity)
  AND c.relnamespace = ANY (%(nsp)s) AND {not_ext('pg_class', 'c.oid')}
"""

# (relid, name, command letter, permissive, role names ('' for PUBLIC), using, with check, comment)
POLICIES_SQL = f"""
SELECT p.polrelid, p.polname::text, p.polcmd::text, p.polpermissive,
       ARRAY(SELECT CASE WHEN r.oid = 0 THEN '' ELSE a.rolname::text END
             FROM unnest(p.polroles) WITH ORDINALITY r(oid, i) LEFT JOIN pg_roles a ON a.oid = r.oid ORDER BY r.i),
       pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid), d.description
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
LEFT JOIN pg_description d
  ON d.objoid = p.oid AND d.classoid = 'pg_policy'::regclass AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(nsp)s) AND {not_ext('pg_class', 'c.oid')}
"""

_COMMANDS = {"*": "all", "r": "select", "a": "insert", "w": "update", "d": "delete"}


def read_row_security(rls_rows: list[tuple], policy_rows: list[tuple], relations: dict) -> None:
    """Row-level security flags and policies onto their tables in ``relations`` (by oid)."""
    for relid, enabled, forced in rls_rows:
        rel = relations.get(relid)
        if rel is not None:
            rel["rls"] = (enabled, forced)
    for relid, name, cmd, permissive, roles, using, check, comment in policy_rows:
        rel = relations.get(relid)
        if rel is None:
            continue
        rel.setdefault("policies", []).append(Policy(
            name, _COMMANDS[cmd], permissive=permissive,
            roles=tuple(sorted(r or PUBLIC for r in roles)), using=using, with_check=check, comment=comment,
        ))
