"""The whole model in one snapshot: every catalog query sent at once, then assembled kind
by kind."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import psycopg

from ..model import Database
from . import queries
from .aggregates import aggregates_of
from .collations import read_collations
from .constraints import read_constraints
from .functions import FUNCTIONS_SQL, TRIGGERS_SQL, functions_of, read_triggers
from .grants import (
    ACLS_SQL,
    attach_grants,
    read_acls,
    read_default_privileges,
)
from .helper import Helper, fetch_shared
from .indexes import read_indexes
from .operators import operators_of
from .partition_keys import read_partition_not_nulls
from .policies import POLICIES_SQL, ROW_SECURITY_SQL, read_row_security
from .ranges import range_types_of
from .schemas import extensions_of, schemas_of
from .sequences import sequences_of
from .session import SnapshotRefused, catalog_session, schema_oids, top_level
from .statistics import read_statistics
from .table_attributes import read_table_attributes
from .tables import apply_not_null_names, read_columns, relations_of, tables_of
from .temporal import read_temporal
from .types import composite_types_of, domains_of, enums_of
from .views import views_of


def inspect_database(
    conn: psycopg.Connection,
    schemas: Sequence[str] | None = None,
    *,
    exclude_schemas: Sequence[str] = ("schemaforge",),
    helper: Callable[[], psycopg.Connection] | None = None,
    probe: list | None = None,
) -> Database:
    """The model of the live database behind ``conn``.

    ``schemas=None`` means every non-system schema except ``exclude_schemas``. Extensions are
    database-wide and always all read (except ``plpgsql``, present in every database).
    ``helper`` opens a second connection to the same database: when ``conn`` is not inside a
    transaction, that connection runs part of the queries on the same snapshot, so the server
    works on them with two processes (see :mod:`.helper`). ``probe``: see
    :func:`~.session.catalog_session`, filled by the transaction the model is read in.
    """
    second = Helper(helper) if helper is not None and top_level(conn) else None
    try:
        with catalog_session(conn, probe=probe):
            return _inspect(conn, schemas, exclude_schemas, second)
    except SnapshotRefused:
        pass
    finally:
        if second is not None:
            second.cancel()
    with catalog_session(conn, probe=probe):  # again, alone
        return _inspect(conn, schemas, exclude_schemas, None)


def catalog_queries(version: int) -> dict[str, str]:
    """Every query of a read, by name; all of them are sent at once."""
    named = {
        "extensions": queries.EXTENSIONS_SQL, "enums": queries.ENUMS_SQL,
        "sequences": queries.SEQUENCES_SQL, "relations": queries.RELATIONS_SQL,
        "columns": queries.COLUMNS_SQL, "domains": queries.DOMAINS_SQL,
        "composites": queries.COMPOSITES_SQL, "functions": FUNCTIONS_SQL, "triggers": TRIGGERS_SQL,
        "attributes": queries.table_attributes_sql(version), "operators": queries.OPERATORS_SQL,
        "aggregates": queries.AGGREGATES_SQL, "ranges": queries.RANGE_TYPES_SQL,
        "row_security": ROW_SECURITY_SQL, "policies": POLICIES_SQL, "acls": ACLS_SQL,
        "collations": queries.COLLATIONS_SQL,
        "statistics": queries.STATISTICS_SQL, "column_options": queries.COLUMN_OPTIONS_SQL,
        # the helper's share (HELPER_SHARE), when there is one: about half of the server's work
        "constraints": queries.constraints_sql(version), "indexes": queries.indexes_sql(version),
    }
    if version >= 180000:
        named["temporal"] = queries.TEMPORAL_SQL
        named["partition_not_nulls"] = queries.PARTITION_NOT_NULLS_SQL
    return named


# Measured at 1,000 tables (a new connection each, the read alone, medians of 12): 257 ms with
# these two on the helper, 272 ms with statistics and column options too, 398 ms without a helper.
HELPER_SHARE = ("constraints", "indexes")


def _inspect(conn: psycopg.Connection, schemas: Sequence[str] | None, exclude: Sequence[str],
             second: Helper | None) -> Database:
    version = conn.info.server_version
    schema_rows = schema_oids(conn, schemas, exclude)
    rows = fetch_shared(conn, catalog_queries(version), {"nsp": [r[0] for r in schema_rows]},
                        second, HELPER_SHARE)
    sequences, identity_options = sequences_of(rows["sequences"])
    relations = relations_of(rows["relations"])
    read_columns(rows["columns"], relations, identity_options)
    exclusions = read_constraints(rows["constraints"], relations)
    read_temporal(rows.get("temporal", []), relations)
    read_partition_not_nulls(rows.get("partition_not_nulls", []), relations)
    read_indexes(rows["indexes"], relations, exclusions)
    read_triggers(rows["triggers"], relations)
    read_table_attributes(rows["attributes"], relations)
    read_row_security(rows["row_security"], rows["policies"], relations)
    read_statistics(rows["statistics"], rows["column_options"], relations)
    if version >= 180000:
        apply_not_null_names(relations)
    db = Database(
        schemas=tuple(schemas_of(schema_rows)),
        extensions=tuple(extensions_of(rows["extensions"])),
        enums=tuple(enums_of(rows["enums"])),
        sequences=tuple(sequences),
        tables=tuple(tables_of(relations)),
        views=tuple(views_of(relations)),
        domains=tuple(domains_of(rows["domains"])),
        composite_types=tuple(composite_types_of(rows["composites"])),
        functions=tuple(functions_of(rows["functions"])),
        named_not_nulls=version >= 180000,
        operators=tuple(operators_of(rows["operators"])),
        aggregates=tuple(aggregates_of(rows["aggregates"])),
        range_types=tuple(range_types_of(rows["ranges"])),
        collations=read_collations(rows["collations"]),
        server_version=version,
    )
    acls = rows["acls"]
    return attach_grants(db, read_acls(acls, version), read_default_privileges(acls, version)).sorted()
