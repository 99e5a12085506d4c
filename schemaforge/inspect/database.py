"""The whole model in one snapshot: every catalog query sent at once, then assembled kind
by kind."""

from __future__ import annotations

from collections.abc import Sequence

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
from .indexes import read_indexes
from .operators import operators_of
from .partition_keys import read_partition_not_nulls
from .policies import POLICIES_SQL, ROW_SECURITY_SQL, read_row_security
from .ranges import range_types_of
from .schemas import extensions_of, schemas_of
from .sequences import sequences_of
from .session import catalog_session, fetch_many, schema_oids
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
) -> Database:
    """The model of the live database behind ``conn``.

    ``schemas=None`` means every non-system schema except ``exclude_schemas``. Extensions are
    database-wide and always all read (except ``plpgsql``, present in every database).
    """
    with catalog_session(conn):
        return _inspect(conn, schemas, exclude_schemas)


def _inspect(conn: psycopg.Connection, schemas: Sequence[str] | None, exclude: Sequence[str]) -> Database:
    version = conn.info.server_version
    schema_rows = schema_oids(conn, schemas, exclude)
    (ext_rows, enum_rows, seq_rows, rel_rows, col_rows, con_rows, idx_rows, dom_rows, comp_rows,
     fn_rows, trg_rows, attr_rows, op_rows, agg_rows, range_rows, rls_rows, pol_rows,
     acl_rows) = fetch_many(
        conn,
        [queries.EXTENSIONS_SQL, queries.ENUMS_SQL, queries.SEQUENCES_SQL, queries.RELATIONS_SQL,
         queries.COLUMNS_SQL, queries.constraints_sql(version), queries.indexes_sql(version),
         queries.DOMAINS_SQL, queries.COMPOSITES_SQL, FUNCTIONS_SQL, TRIGGERS_SQL,
         queries.table_attributes_sql(version), queries.OPERATORS_SQL, queries.AGGREGATES_SQL,
         queries.RANGE_TYPES_SQL, ROW_SECURITY_SQL, POLICIES_SQL, ACLS_SQL],
        {"nsp": [r[0] for r in schema_rows]},
    )
    sequences, identity_options = sequences_of(seq_rows)
    relations = relations_of(rel_rows)
    read_columns(col_rows, relations, identity_options)
    exclusions = read_constraints(con_rows, relations)
    read_temporal(conn, [r[0] for r in schema_rows], relations)
    read_partition_not_nulls(conn, [r[0] for r in schema_rows], relations)
    read_indexes(idx_rows, relations, exclusions)
    read_triggers(trg_rows, relations)
    read_table_attributes(attr_rows, relations)
    read_row_security(rls_rows, pol_rows, relations)
    read_statistics(conn, [r[0] for r in schema_rows], relations)
    if version >= 180000:
        apply_not_null_names(relations)
    db = Database(
        schemas=tuple(schemas_of(schema_rows)),
        extensions=tuple(extensions_of(ext_rows)),
        enums=tuple(enums_of(enum_rows)),
        sequences=tuple(sequences),
        tables=tuple(tables_of(relations)),
        views=tuple(views_of(relations)),
        domains=tuple(domains_of(dom_rows)),
        composite_types=tuple(composite_types_of(comp_rows)),
        functions=tuple(functions_of(fn_rows)),
        named_not_nulls=version >= 180000,
        operators=tuple(operators_of(op_rows)),
        aggregates=tuple(aggregates_of(agg_rows)),
        range_types=tuple(range_types_of(range_rows)),
        collations=read_collations(conn, [r[0] for r in schema_rows]),
        server_version=version,
    )
    return attach_grants(db, read_acls(acl_rows, version), read_default_privileges(acl_rows, version)).sorted()
