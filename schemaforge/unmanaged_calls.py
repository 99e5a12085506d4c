"""Functions the YAML calls but does not declare, found in the target database.

An index, view, default or check of the YAML that calls a function the YAML does not declare
fails to normalize (the scratch database has no such function), and is reported at its
``file:line:col`` (:mod:`schemaforge.entities.positions`). When the target database has a
function of that name (a DBA created it, an extension owns it), that report says which one
and how to bring it under management, instead of only "does not exist".
"""

from __future__ import annotations

import re
from dataclasses import replace

import psycopg

from .database.session import connect
from .errors import ForgeError, Problem, ValidationFailed

# PostgreSQL's message for an undefined function (42883), as the problem quotes it
_MISSING = re.compile(r"\(PostgreSQL: function (?P<name>.+?)\((?P<args>[^()]*)\) does not exist\)")

_FUNCTIONS_NAMED = """
SELECT p.oid::regprocedure::text, e.extname
FROM pg_proc p
LEFT JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
LEFT JOIN pg_extension e ON e.oid = d.refobjid
WHERE p.proname = %(name)s AND (%(schema)s::text IS NULL OR p.pronamespace::regnamespace::text = %(schema)s)
ORDER BY 1
"""


def explain_unmanaged(failed: ValidationFailed, target_url: str) -> ValidationFailed:
    """``failed`` with each "calls a function that does not exist" problem told which
    function of that name the target has and how to manage it (the others as they are)."""
    wanted = {p: m for p in failed.problems if (m := _MISSING.search(p.message))}
    if not wanted:
        return failed
    try:
        with connect(target_url) as conn:
            found = {p: _named(conn, m.group("name")) for p, m in wanted.items()}
    except (ForgeError, psycopg.Error):
        return failed
    return ValidationFailed([_explained(p, found.get(p, [])) for p in failed.problems])


def _named(conn: psycopg.Connection, spelled: str) -> list[tuple[str, str | None]]:
    """The target's functions of the name PostgreSQL quoted (``name`` or ``schema.name``)."""
    schema, _, name = spelled.rpartition(".")
    rows = conn.execute(_FUNCTIONS_NAMED, {"name": name.strip('"'), "schema": schema.strip('"') or None}).fetchall()
    return [(sig, ext) for sig, ext in rows]


def _explained(p: Problem, found: list[tuple[str, str | None]]) -> Problem:
    if not found:
        return p
    sigs = ", ".join(sig for sig, _ in found)
    extensions = sorted({ext for _, ext in found if ext})
    if extensions:
        how = f"declare extension {', '.join(extensions)} under extensions: (it provides {sigs})"
    else:
        how = (f"the database has {sigs}, which the YAML does not declare: declare it under functions: "
               "(forge import writes it), or call a function the YAML declares")
    return replace(p, hint=how)
