"""What the model does not cover yet, so callers can warn that it is left alone."""

from __future__ import annotations

from collections.abc import Sequence

import psycopg

from .grants import UNMANAGED_GRANTS_SQL
from .queries import UNMANAGED_SQL
from .session import catalog_session, fetch, schema_oids


def unmanaged_objects(
    conn: psycopg.Connection,
    schemas: Sequence[str] | None = None,
    *,
    exclude_schemas: Sequence[str] = ("schemaforge",),
) -> list[str]:
    """Objects in the inspected schemas that the model does not cover, as sorted strings.

    Used to warn ("these are left alone"), never to drop: functions with SQL-standard bodies,
    aggregates the model cannot describe, triggers on foreign tables, rules,
    foreign tables, extended statistics, operator classes and families, and invalid indexes; default
    privileges revoking a built-in default everywhere, and grants on identity sequences.
    Extension members are not listed.
    """
    with catalog_session(conn):
        nsp = [r[0] for r in schema_oids(conn, schemas, exclude_schemas)]
        rows = fetch(conn, UNMANAGED_SQL + "UNION ALL" + UNMANAGED_GRANTS_SQL, {"nsp": nsp})
    return sorted(r[0] for r in rows)
