"""Read a live PostgreSQL catalog into the one schema model (:mod:`schemaforge.model`).

Why it looks the way it does:

* **Set-based.** A fixed handful of queries (schemas, then extensions, enums, sequences,
  relations, columns, constraints and indexes sent together in one pipeline) fetch everything
  for all tables at once and the model is assembled in Python. The number of queries never
  grows with the schema: 1,000 tables (12 columns, 2 indexes, a foreign key, a check each)
  read in ~0.35 s on a 2-core machine, most of it PostgreSQL deparsing expressions.
* **Canonical text.** The queries run in one transaction with ``search_path = pg_catalog``
  (and fixed ``DateStyle``/``IntervalStyle``/``TimeZone``/``extra_float_digits``/
  ``bytea_output``), all ``SET LOCAL`` and rolled back afterwards. ``format_type``,
  ``pg_get_expr``, ``pg_get_constraintdef``, ``pg_get_indexdef`` and ``pg_get_viewdef`` then
  qualify every user object with its schema (``public.post_status``,
  ``nextval('public.users_id_seq'::regclass)``) while built-in types stay bare, and constants
  print the same way whatever the session settings were. So the text is identical whichever
  database or connection produced it, and ``==`` on the model is a sound equality test.
* **Only what the model covers.** Objects that belong to extensions (``pg_depend`` deptype
  ``'e'``) are skipped, as are identity sequences (part of their column). Partitions are
  tables with ``partition_of``/``partition_bound`` and no columns of their own; what they
  inherit from the parent (``conislocal = false`` constraints, indexes attached to a parent
  index, foreign-key clones with ``conparentid <> 0``) is not repeated on them. What the
  model does not cover yet is reported by :func:`unmanaged_objects` so callers can warn; it
  is never dropped.
* **NOT NULL names (PostgreSQL 18).** 18 stores NOT NULL as named constraints and keeps
  the old name through column and table renames. ``Column.not_null_name`` is filled only on
  18+ and only when the name differs from the default ``<table>_<column>_not_null``
  (``naming.make_object_name``), so a model need not spell defaults and a no-op plan is
  empty on 15 and 18 alike; ``Database.named_not_nulls`` tells the diff which it is. The
  same rule holds for ``Identity.sequence_name`` (default ``<table>_<column>_seq``).

Textual forms chosen here (the YAML side must produce the same):

* ``Column.collation`` / ``IndexElement.collation``: a collation in ``pg_catalog`` is its
  name, always double-quoted (``"C"``, ``"POSIX"``, ``"en-x-icu"``); any other collation is
  ``<quote_ident(schema)>."<name>"`` (``public."my coll"``).
* ``IndexElement.opclass``: the bare name for ``pg_catalog`` operator classes
  (``text_pattern_ops``), ``<quote_ident(schema)>.<quote_ident(name)>`` otherwise.
* ``Check.expression``: what ``pg_get_constraintdef`` prints between the outer ``CHECK (``
  and ``)``, with trailing `` NO INHERIT``/`` NOT VALID``/`` NOT ENFORCED`` removed, e.g.
  ``(price > (0)::numeric)`` (PostgreSQL keeps the inner parentheses).
* ``Extension.schema``: always the name of the extension's schema (``public``), never None.
* ``Schema``: every inspected schema that exists (``public`` included). The comment
  PostgreSQL 15+ puts on ``public`` (``standard public schema``) reads as None, so an
  untouched database does not look commented.
* ``SequenceOptions``: a value is None when it equals what PostgreSQL would pick by itself
  given the type and direction: increment 1; min 1 (ascending) / type minimum (descending);
  max type maximum (ascending) / -1 (descending); start = min (ascending) / max
  (descending); cache 1.
* ``View.definition``: ``pg_get_viewdef(oid, true)`` without surrounding whitespace and
  trailing ``;``.
* ``Index``: ``where`` is ``pg_get_expr(indpred)`` (``(deleted_at IS NULL)``); an expression
  key is ``pg_get_indexdef(index, k, true)`` (``lower(name)``, ``(qty + 1)``); ``storage`` is
  ``reloptions`` split at the first ``=`` into sorted ``(key, value)`` string pairs.
* ``Database.extensions``: every extension of the database whatever schemas are inspected
  (extensions are database-wide), except ``plpgsql`` which every database has.
* PostgreSQL 18 virtual generated columns are read into ``Column.generated`` like stored
  ones (the model has no flag for them yet) and listed by :func:`unmanaged_objects`.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from .idents import catalog_ident
from .model import (
    Check,
    Column,
    CompositeType,
    Database,
    Domain,
    Enum,
    Exclusion,
    Extension,
    ForeignKey,
    Identity,
    Index,
    IndexElement,
    PrimaryKey,
    QName,
    Schema,
    SequenceOptions,
    Table,
    Unique,
    View,
)
from .model import Sequence as SequenceModel
from .naming import make_object_name

__all__ = ["inspect_database", "unmanaged_objects"]

_FK_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
_FK_MATCH = {"f": "FULL", "s": "SIMPLE", "p": "PARTIAL"}
_TYPE_RANGE = {
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}
_PUBLIC_DEFAULT_COMMENT = "standard public schema"

# Settings that change how catalog functions print text. Pinned so that the same schema
# always reads back as the same text, whatever the caller's session looks like.
_SESSION_SETTINGS = (
    ("search_path", "pg_catalog"),
    ("DateStyle", "ISO, MDY"),
    ("IntervalStyle", "postgres"),
    ("TimeZone", "UTC"),
    ("extra_float_digits", "1"),
    ("bytea_output", "hex"),
)

# Not an extension member: ``classid`` is the catalog the object lives in.
_NOT_EXT = """NOT EXISTS (SELECT 1 FROM pg_depend dep
    WHERE dep.classid = '{cat}'::regclass AND dep.objid = {oid} AND dep.deptype = 'e')"""


def _not_ext(cat: str, oid: str) -> str:
    return _NOT_EXT.format(cat=cat, oid=oid)


# ---------------------------------------------------------------------------------------------
# Transaction handling


@contextlib.contextmanager
def _catalog_session(conn: psycopg.Connection) -> Iterator[None]:
    """Run the catalog queries in a rolled-back transaction with pinned output settings.

    Top level: a READ ONLY, REPEATABLE READ transaction, so every query sees the same
    snapshot even under concurrent DDL. Inside a caller's transaction: a savepoint (the
    isolation level cannot change there). Either way it is rolled back at the end, which
    undoes the ``SET LOCAL``\\s and leaves the connection exactly as it was — also when a
    query fails, the error propagates but the connection is usable again.
    """
    top_level = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    with conn.transaction(force_rollback=True):
        cur = conn.cursor()
        if top_level:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cur.execute(
            "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in _SESSION_SETTINGS),
            [v for pair in _SESSION_SETTINGS for v in pair],
        )
        yield


def _fetch(conn: psycopg.Connection, query: str, params: Sequence[Any] | None = None) -> list[tuple]:
    """One catalog query; tuples whatever row factory the caller's connection uses."""
    return conn.cursor(row_factory=tuple_row).execute(query, params).fetchall()


def _fetch_many(conn: psycopg.Connection, queries: Sequence[str], params: dict[str, Any]) -> list[list[tuple]]:
    """Several catalog queries in one pipeline: sent back to back, the server works through
    them while the client is still converting earlier results, one network round trip."""
    if not psycopg.Pipeline.is_supported():  # libpq < 14
        return [_fetch(conn, q, params) for q in queries]
    with conn.pipeline():
        cursors = [conn.cursor(row_factory=tuple_row) for _ in queries]
        for cur, q in zip(cursors, queries, strict=True):
            cur.execute(q, params)
    return [cur.fetchall() for cur in cursors]


def _schema_oids(
    conn: psycopg.Connection, schemas: Sequence[str] | None, exclude: Sequence[str]
) -> list[tuple[int, str, str | None]]:
    """(oid, name, comment) of the schemas to inspect.

    System schemas and ``exclude`` are always left out, also when listed explicitly: the
    tool's own bookkeeping schema is never part of a user's model. Schemas created by an
    extension script are left out too.
    """
    rows = _fetch(
        conn,
        f"""
        SELECT n.oid, n.nspname::text, d.description
        FROM pg_namespace n
        LEFT JOIN pg_description d
          ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass AND d.objsubid = 0
        WHERE n.nspname <> ALL (%s::text[])
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp\\_%%'
          AND (%s::text[] IS NULL OR n.nspname = ANY (%s::text[]))
          AND {_not_ext('pg_namespace', 'n.oid')}
        ORDER BY n.nspname
        """,
        [list(exclude), None if schemas is None else list(schemas), None if schemas is None else list(schemas)],
    )
    return rows


# ---------------------------------------------------------------------------------------------
# The catalog queries. Each takes %(nsp)s, the oids of the inspected schemas; they are sent
# together in one pipeline (see _fetch_many).

_EXTENSIONS_SQL = """
SELECT e.extname::text, n.nspname::text, d.description
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
LEFT JOIN pg_description d
  ON d.objoid = e.oid AND d.classoid = 'pg_extension'::regclass AND d.objsubid = 0
WHERE e.extname <> 'plpgsql'
"""

_ENUMS_SQL = f"""
SELECT n.nspname::text, t.typname::text,
       ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder),
       d.description
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_description d
  ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
WHERE t.typtype = 'e' AND t.typnamespace = ANY (%(nsp)s) AND {_not_ext('pg_type', 't.oid')}
"""

# Every sequence, with the column that owns it (serial: deptype 'a'; identity: deptype 'i').
_SEQUENCES_SQL = f"""
SELECT n.nspname::text, c.relname::text, format_type(s.seqtypid, NULL),
       s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
       d.description, dep.deptype::text, dep.refobjid, dep.refobjsubid,
       tn.nspname::text, tc.relname::text, ta.attname::text
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN pg_description d
  ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
LEFT JOIN pg_depend dep
  ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
 AND dep.refclassid = 'pg_class'::regclass AND dep.refobjsubid > 0 AND dep.deptype IN ('a', 'i')
LEFT JOIN pg_class tc ON tc.oid = dep.refobjid
LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
LEFT JOIN pg_attribute ta ON ta.attrelid = dep.refobjid AND ta.attnum = dep.refobjsubid
WHERE c.relkind = 'S' AND c.relnamespace = ANY (%(nsp)s) AND {_not_ext('pg_class', 'c.oid')}
"""

_RELATIONS_SQL = f"""
SELECT c.oid, n.nspname::text, c.relname::text, c.relkind::text, d.description,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
       pn.nspname::text, pc.relname::text, c.reloptions::text[]
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d
  ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
LEFT JOIN pg_inherits inh ON c.relispartition AND inh.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = inh.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
WHERE c.relnamespace = ANY (%(nsp)s) AND c.relkind IN ('r', 'p', 'v', 'm')
  AND {_not_ext('pg_class', 'c.oid')}
"""

_DOMAINS_SQL = f"""
SELECT n.nspname::text, t.typname::text, format_type(t.typbasetype, t.typtypmod),
       pg_get_expr(t.typdefaultbin, 0), t.typnotnull,
       CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN
         CASE WHEN coll.collnamespace = 'pg_catalog'::regnamespace
           THEN '"' || replace(coll.collname, '"', '""') || '"'
           ELSE quote_ident(cn.nspname) || '."' || replace(coll.collname, '"', '""') || '"'
         END
       END,
       d.description,
       ARRAY(SELECT con.conname::text FROM pg_constraint con
             WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname),
       ARRAY(SELECT pg_get_constraintdef(con.oid) FROM pg_constraint con
             WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname),
       ARRAY(SELECT cd.description FROM pg_constraint con
             LEFT JOIN pg_description cd ON cd.objoid = con.oid
              AND cd.classoid = 'pg_constraint'::regclass AND cd.objsubid = 0
             WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_collation coll ON coll.oid = t.typcollation
LEFT JOIN pg_namespace cn ON cn.oid = coll.collnamespace
LEFT JOIN pg_description d
  ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
WHERE t.typtype = 'd' AND t.typnamespace = ANY (%(nsp)s) AND {_not_ext('pg_type', 't.oid')}
"""

_COMPOSITES_SQL = f"""
SELECT n.nspname::text, t.typname::text, d.description,
       ARRAY(SELECT a.attname::text FROM pg_attribute a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum),
       ARRAY(SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum),
       ARRAY(SELECT CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation THEN
                      CASE WHEN coll.collnamespace = 'pg_catalog'::regnamespace
                        THEN '"' || replace(coll.collname, '"', '""') || '"'
                        ELSE quote_ident(cn.nspname) || '."' || replace(coll.collname, '"', '""') || '"'
                      END
                    END
             FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
             LEFT JOIN pg_collation coll ON coll.oid = a.attcollation
             LEFT JOIN pg_namespace cn ON cn.oid = coll.collnamespace
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
LEFT JOIN pg_description d
  ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
WHERE t.typtype = 'c' AND t.typnamespace = ANY (%(nsp)s) AND {_not_ext('pg_type', 't.oid')}
"""

_COLUMNS_SQL = """
SELECT a.attrelid, a.attnum, a.attname::text, format_type(a.atttypid, a.atttypmod),
       NOT a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid), a.attidentity::text,
       a.attgenerated::text,
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN
         CASE WHEN coll.collnamespace = 'pg_catalog'::regnamespace
           THEN '"' || replace(coll.collname, '"', '""') || '"'
           ELSE quote_ident(cn.nspname) || '."' || replace(coll.collname, '"', '""') || '"'
         END
       END,
       d.description
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation coll ON coll.oid = a.attcollation
LEFT JOIN pg_namespace cn ON cn.oid = coll.collnamespace
LEFT JOIN pg_description d
  ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
WHERE c.relnamespace = ANY (%(nsp)s) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
"""


def _constraints_sql(version: int) -> str:
    nnd = "COALESCE(ix.indnullsnotdistinct, false)" if version >= 150000 else "false"
    return f"""
SELECT con.conrelid, con.conname::text, con.contype::text, pg_get_constraintdef(con.oid),
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY u(n, o)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = u.n ORDER BY u.o),
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY u(n, o)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = u.n ORDER BY u.o),
       rn.nspname::text, rc.relname::text,
       con.confdeltype::text, con.confupdtype::text, con.confmatchtype::text,
       con.condeferrable, con.condeferred, con.connoinherit, {nnd}, d.description,
       con.conindid,
       ARRAY(SELECT CASE WHEN op.oprnamespace = 'pg_catalog'::regnamespace THEN op.oprname::text
                    ELSE 'OPERATOR(' || quote_ident(opn.nspname) || '.' || op.oprname || ')' END
             FROM unnest(con.conexclop) WITH ORDINALITY u(op, o)
             JOIN pg_operator op ON op.oid = u.op
             JOIN pg_namespace opn ON opn.oid = op.oprnamespace ORDER BY u.o)
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_index ix ON ix.indexrelid = con.conindid
LEFT JOIN pg_description d
  ON d.objoid = con.oid AND d.classoid = 'pg_constraint'::regclass AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(nsp)s) AND con.contype IN ('p', 'u', 'c', 'f', 'x', 'n')
  AND con.conparentid = 0 AND con.conislocal
"""


def _indexes_sql(version: int) -> str:
    nnd = "i.indnullsnotdistinct" if version >= 150000 else "false"
    return f"""
WITH ix AS MATERIALIZED (
    SELECT i.indexrelid, i.indrelid, ic.relname::text AS name, i.indisunique AS uniq,
           am.amname::text AS method, pg_get_expr(i.indpred, i.indrelid) AS pred,
           i.indnkeyatts, {nnd} AS nnd, ic.reloptions::text[] AS reloptions,
           d.description, pg_get_indexdef(i.indexrelid) AS definition,
           i.indkey, i.indclass, i.indcollation, i.indoption
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_class tc ON tc.oid = i.indrelid
    JOIN pg_am am ON am.oid = ic.relam
    LEFT JOIN pg_description d
      ON d.objoid = i.indexrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
    WHERE tc.relnamespace = ANY (%(nsp)s) AND tc.relkind IN ('r', 'p', 'm')
      AND NOT ic.relispartition
      AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                      WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                        AND con.contype IN ('p', 'u'))
)
SELECT ix.indexrelid, ix.indrelid, ix.name, ix.uniq, ix.method, ix.pred, ix.indnkeyatts,
       ix.nnd, ix.reloptions, ix.description, ix.definition,
       k.ord, k.attnum,
       CASE WHEN k.attnum = 0 THEN pg_get_indexdef(ix.indexrelid, k.ord::int, true) END,
       ta.attname::text,
       CASE WHEN NOT opc.opcdefault THEN
         CASE WHEN opc.opcnamespace = 'pg_catalog'::regnamespace THEN quote_ident(opc.opcname)
              ELSE quote_ident(opcn.nspname) || '.' || quote_ident(opc.opcname) END
       END,
       CASE WHEN k.coll <> 0
             AND k.coll <> CASE WHEN k.attnum <> 0 THEN ta.attcollation ELSE ity.typcollation END
         THEN CASE WHEN coll.collnamespace = 'pg_catalog'::regnamespace
                THEN '"' || replace(coll.collname, '"', '""') || '"'
                ELSE quote_ident(colln.nspname) || '."' || replace(coll.collname, '"', '""') || '"'
              END
       END,
       k.opt
FROM ix
CROSS JOIN LATERAL unnest(ix.indkey::int2[], ix.indclass::oid[], ix.indcollation::oid[],
                          ix.indoption::int2[]) WITH ORDINALITY AS k(attnum, opclass, coll, opt, ord)
LEFT JOIN LATERAL (SELECT a.attname, a.attcollation FROM pg_attribute a
                   WHERE a.attrelid = ix.indrelid AND a.attnum = k.attnum) ta ON k.attnum > 0
LEFT JOIN LATERAL (SELECT t.typcollation FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                   WHERE a.attrelid = ix.indexrelid AND a.attnum = k.ord) ity ON k.attnum = 0
LEFT JOIN pg_opclass opc ON opc.oid = k.opclass
LEFT JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace
LEFT JOIN pg_collation coll ON coll.oid = k.coll
LEFT JOIN pg_namespace colln ON colln.oid = coll.collnamespace
ORDER BY ix.indexrelid, k.ord
"""


# ---------------------------------------------------------------------------------------------
# Public API


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
    with _catalog_session(conn):
        return _inspect(conn, schemas, exclude_schemas)


def unmanaged_objects(
    conn: psycopg.Connection,
    schemas: Sequence[str] | None = None,
    *,
    exclude_schemas: Sequence[str] = ("schemaforge",),
) -> list[str]:
    """Objects in the inspected schemas that the model does not cover, as sorted strings.

    Used to warn ("these are left alone"), never to drop: functions, procedures,
    aggregates, triggers, policies, rules, range types, table inheritance, foreign tables,
    extended statistics, virtual generated columns and invalid indexes.
    Extension members are not listed.
    """
    with _catalog_session(conn):
        nsp = [r[0] for r in _schema_oids(conn, schemas, exclude_schemas)]
        rows = _fetch(
            conn,
            f"""
            SELECT CASE p.prokind WHEN 'p' THEN 'procedure ' WHEN 'a' THEN 'aggregate '
                   ELSE 'function ' END || p.oid::regprocedure::text
            FROM pg_proc p
            WHERE p.pronamespace = ANY (%(nsp)s) AND {_not_ext('pg_proc', 'p.oid')}
            UNION ALL
            SELECT 'trigger ' || quote_ident(t.tgname) || ' on ' || c.oid::regclass::text
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal AND c.relnamespace = ANY (%(nsp)s)
              AND {_not_ext('pg_class', 'c.oid')}
            UNION ALL
            SELECT 'policy ' || quote_ident(pol.polname) || ' on ' || c.oid::regclass::text
            FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid
            WHERE c.relnamespace = ANY (%(nsp)s) AND {_not_ext('pg_class', 'c.oid')}
            UNION ALL
            SELECT 'rule ' || quote_ident(r.rulename) || ' on ' || c.oid::regclass::text
            FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
            WHERE r.rulename <> '_RETURN' AND c.relnamespace = ANY (%(nsp)s)
              AND {_not_ext('pg_class', 'c.oid')}
            UNION ALL
            SELECT 'range type ' || t.oid::regtype::text
            FROM pg_type t
            WHERE t.typnamespace = ANY (%(nsp)s) AND {_not_ext('pg_type', 't.oid')}
              AND t.typtype = 'r'
            UNION ALL
            SELECT 'foreign table ' || c.oid::regclass::text
            FROM pg_class c
            WHERE c.relkind = 'f' AND NOT c.relispartition AND c.relnamespace = ANY (%(nsp)s)
              AND {_not_ext('pg_class', 'c.oid')}
            UNION ALL
            SELECT 'virtual generated column ' || c.oid::regclass::text || '.' || quote_ident(a.attname)
                   || ' (read as a stored one)'
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE a.attgenerated = 'v' AND a.attnum > 0 AND NOT a.attisdropped
              AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND c.relnamespace = ANY (%(nsp)s) AND {_not_ext('pg_class', 'c.oid')}
            UNION ALL
            SELECT 'statistics ' || quote_ident(sn.nspname) || '.' || quote_ident(st.stxname)
            FROM pg_statistic_ext st JOIN pg_namespace sn ON sn.oid = st.stxnamespace
            WHERE st.stxnamespace = ANY (%(nsp)s) AND {_not_ext('pg_statistic_ext', 'st.oid')}
            UNION ALL
            SELECT 'inheritance ' || c.oid::regclass::text || ' inherits ' || i.inhparent::regclass::text
            FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid
            WHERE NOT c.relispartition AND c.relkind IN ('r', 'p')
              AND c.relnamespace = ANY (%(nsp)s) AND {_not_ext('pg_class', 'c.oid')}
            UNION ALL
            SELECT 'invalid index ' || c.oid::regclass::text
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE NOT i.indisvalid AND c.relnamespace = ANY (%(nsp)s)
              AND {_not_ext('pg_class', 'i.indrelid')}
            """,
            {"nsp": nsp},
        )
    return sorted(r[0] for r in rows)


# ---------------------------------------------------------------------------------------------
# Assembly


def _inspect(conn: psycopg.Connection, schemas: Sequence[str] | None, exclude: Sequence[str]) -> Database:
    version = conn.info.server_version
    schema_rows = _schema_oids(conn, schemas, exclude)
    (ext_rows, enum_rows, seq_rows, rel_rows, col_rows, con_rows, idx_rows, dom_rows, comp_rows) = _fetch_many(
        conn,
        [_EXTENSIONS_SQL, _ENUMS_SQL, _SEQUENCES_SQL, _RELATIONS_SQL, _COLUMNS_SQL,
         _constraints_sql(version), _indexes_sql(version), _DOMAINS_SQL, _COMPOSITES_SQL],
        {"nsp": [r[0] for r in schema_rows]},
    )

    schema_models = [
        Schema(name, None if name == "public" and comment == _PUBLIC_DEFAULT_COMMENT else comment)
        for _, name, comment in schema_rows
    ]
    extensions = [Extension(name, schema, comment) for name, schema, comment in ext_rows]
    enums = [Enum(schema, name, tuple(labels), comment) for schema, name, labels, comment in enum_rows]
    sequences, identity_options = _sequences(seq_rows)

    # Relations: tables, partitioned tables, views, materialized views.
    relations: dict[int, dict[str, Any]] = {}
    for oid, schema, name, kind, comment, viewdef, partkey, bound, pschema, pname, relopts in rel_rows:
        relations[oid] = {
            "schema": schema, "name": name, "kind": kind, "comment": comment, "viewdef": viewdef,
            "columns": [], "pk": None, "uniques": [], "checks": [], "fks": [], "indexes": [],
            "exclusions": [], "partition_by": partkey, "partition_bound": bound,
            "partition_of": QName(pschema, pname) if pname else None, "not_null_names": {},
            "options": tuple(sorted(tuple(o.split("=", 1)) for o in relopts or ())),
        }
    _columns(col_rows, relations, identity_options)
    exclusions = _constraints(con_rows, relations)
    _indexes(idx_rows, relations, exclusions)
    if version >= 180000:
        _apply_not_null_names(relations)

    tables: list[Table] = []
    views: list[View] = []
    for rel in relations.values():
        if rel["kind"] in ("r", "p"):
            tables.append(
                Table(
                    schema=rel["schema"],
                    name=rel["name"],
                    columns=tuple(rel["columns"]),
                    primary_key=rel["pk"],
                    uniques=tuple(rel["uniques"]),
                    checks=tuple(rel["checks"]),
                    foreign_keys=tuple(rel["fks"]),
                    indexes=tuple(rel["indexes"]),
                    comment=rel["comment"],
                    exclusions=tuple(rel["exclusions"]),
                    partition_by=rel["partition_by"],
                    partition_of=rel["partition_of"],
                    partition_bound=rel["partition_bound"],
                )
            )
        else:
            views.append(
                View(
                    schema=rel["schema"],
                    name=rel["name"],
                    definition=_clean_viewdef(rel["viewdef"]),
                    materialized=rel["kind"] == "m",
                    indexes=tuple(rel["indexes"]) if rel["kind"] == "m" else (),
                    comment=rel["comment"],
                    options=rel["options"],
                )
            )

    return Database(
        schemas=tuple(schema_models),
        extensions=tuple(extensions),
        enums=tuple(enums),
        sequences=tuple(sequences),
        tables=tuple(tables),
        views=tuple(views),
        domains=tuple(_domains(dom_rows)),
        composite_types=tuple(
            CompositeType(schema, name, tuple(zip(names, types, colls, strict=True)), comment)
            for schema, name, comment, names, types, colls in comp_rows
        ),
        named_not_nulls=version >= 180000,
    ).sorted()


def _domains(rows: list[tuple]) -> list[Domain]:
    return [
        Domain(
            schema=schema, name=name, type=typ, default=default, not_null=not_null,
            checks=tuple(
                Check(cname, _check_expression(cdef), False, ccomment)
                for cname, cdef, ccomment in zip(cnames, cdefs, ccomments, strict=True)
            ),
            collation=collation, comment=comment,
        )
        for schema, name, typ, default, not_null, collation, comment, cnames, cdefs, ccomments in rows
    ]


def _apply_not_null_names(relations: dict[int, dict[str, Any]]) -> None:
    """Carry PostgreSQL 18's NOT NULL constraint names that differ from the default name."""
    for rel in relations.values():
        names = rel["not_null_names"]
        if not names:
            continue
        cols = []
        for col in rel["columns"]:
            name = names.get(col.name)
            if name is not None and not col.nullable and name != not_null_default(rel["name"], col.name):
                col = replace(col, not_null_name=name)
            cols.append(col)
        rel["columns"] = cols


def _clean_viewdef(text: str | None) -> str:
    text = (text or "").strip()
    return text[:-1].rstrip() if text.endswith(";") else text


def _sequence_options(
    typ: str, start: int, inc: int, lo: int, hi: int, cache: int, cycle: bool
) -> SequenceOptions:
    """Options with PostgreSQL's own defaults (for this type and direction) as None."""
    tmin, tmax = _TYPE_RANGE.get(typ, _TYPE_RANGE["bigint"])
    ascending = inc > 0
    dmin, dmax = (1, tmax) if ascending else (tmin, -1)
    return SequenceOptions(
        start=None if start == (lo if ascending else hi) else start,
        increment=None if inc == 1 else inc,
        min_value=None if lo == dmin else lo,
        max_value=None if hi == dmax else hi,
        cache=None if cache == 1 else cache,
        cycle=bool(cycle),
    )


def not_null_default(table: str, column: str) -> str:
    """The name PostgreSQL 18 gives an unnamed NOT NULL constraint (ignoring collisions)."""
    return make_object_name(table, column, "not_null")


def identity_sequence_default(table: str, column: str) -> str:
    """The name PostgreSQL gives an identity column's sequence (ignoring collisions)."""
    return make_object_name(table, column, "seq")


def _sequences(
    rows: list[tuple],
) -> tuple[list[SequenceModel], dict[tuple[int, int], tuple[SequenceOptions, str | None]]]:
    """Standalone and serial-owned sequences, plus identity options keyed by (table oid, attnum).

    One query reads every sequence; the ones an identity column owns (deptype 'i') become
    that column's :class:`Identity` options instead of sequences of their own.
    """
    sequences: list[SequenceModel] = []
    identity: dict[tuple[int, int], tuple[SequenceOptions, str | None]] = {}
    for (schema, name, typ, start, inc, lo, hi, cache, cycle, comment,
         deptype, ref_oid, ref_att, tschema, tname, tcol) in rows:
        options = _sequence_options(typ, start, inc, lo, hi, cache, cycle)
        if deptype == "i":
            seqname = None if name == identity_sequence_default(tname, tcol) else name
            identity[(ref_oid, ref_att)] = (options, seqname)
            continue
        owned = (tschema, tname, tcol) if deptype == "a" else None
        sequences.append(SequenceModel(schema, name, typ, options, owned, comment))
    return sequences, identity


def _columns(
    rows: list[tuple],
    relations: dict[int, dict[str, Any]],
    identity_options: dict[tuple[int, int], tuple[SequenceOptions, str | None]],
) -> None:
    """Columns of every table in one query, in attnum order, dropped columns skipped."""
    for relid, attnum, name, typ, nullable, expr, ident, generated, collation, comment in rows:
        rel = relations.get(relid)
        if rel is None or rel["partition_of"] is not None:  # an extension's table; a partition
            continue
        identity = None
        if ident in ("a", "d"):
            options, seqname = identity_options.get((relid, attnum), (SequenceOptions(), None))
            identity = Identity(ident == "a", options, seqname)
        is_generated = generated in ("s", "v")
        rel["columns"].append(
            Column(
                name=name,
                type=typ,
                nullable=nullable,
                default=None if (identity or is_generated) else expr,
                identity=identity,
                generated=expr if is_generated else None,
                collation=collation,
                comment=comment,
            )
        )


def _check_expression(definition: str) -> str:
    """The expression inside ``CHECK (...)``, without trailing constraint flags."""
    text = definition.strip()
    stripped = True
    while stripped:
        stripped = False
        for suffix in (" NOT VALID", " NO INHERIT", " NOT ENFORCED"):
            if text.endswith(suffix):
                text = text[: -len(suffix)].rstrip()
                stripped = True
    if text.startswith("CHECK (") and text.endswith(")"):
        return text[len("CHECK (") : -1]
    return text


def _constraints(rows: list[tuple], relations: dict[int, dict[str, Any]]) -> dict[int, tuple]:
    """Primary keys, uniques, checks and foreign keys of every table in one query.

    NOT NULL constraints (contype 'n', PostgreSQL 18) are the columns' ``nullable``; only
    their names are collected here. Exclusion constraints are returned keyed by their index
    (the index rows carry the elements). Constraints inherited by a partition
    (``conislocal = false``) belong to the parent and are skipped.
    ``conparentid = 0`` drops the internal clones PostgreSQL makes of a foreign key that
    references a partitioned table (one per partition).
    """
    exclusions: dict[int, tuple] = {}
    for (relid, name, kind, definition, cols, ref_cols, ref_schema, ref_name,
         deltype, updtype, matchtype, deferrable, deferred, noinherit, nulls_nd, comment,
         indid, ops) in rows:
        rel = relations.get(relid)
        if rel is None or rel["kind"] not in ("r", "p"):
            continue
        if kind == "n":
            rel["not_null_names"][cols[0]] = name
        elif kind == "x":
            exclusions[indid] = (name, tuple(ops), deferrable, deferred, comment)
        elif kind == "p":
            rel["pk"] = PrimaryKey(name, tuple(cols), deferrable, deferred, comment)
        elif kind == "u":
            rel["uniques"].append(Unique(name, tuple(cols), bool(nulls_nd), deferrable, deferred, comment))
        elif kind == "c":
            rel["checks"].append(Check(name, _check_expression(definition), noinherit, comment))
        elif kind == "f":
            rel["fks"].append(
                ForeignKey(
                    name=name,
                    columns=tuple(cols),
                    ref_table=QName(ref_schema, ref_name),
                    ref_columns=tuple(ref_cols),
                    on_delete=_FK_ACTIONS[deltype],
                    on_update=_FK_ACTIONS[updtype],
                    match=_FK_MATCH[matchtype],
                    deferrable=deferrable,
                    initially_deferred=deferred,
                    comment=comment,
                )
            )
    return exclusions


def _indexes(rows: list[tuple], relations: dict[int, dict[str, Any]], exclusions: dict[int, tuple]) -> None:
    """Indexes not backing a constraint, for tables and materialized views, in one query.

    One row per index attribute (key and INCLUDE columns alike, via ``unnest(...) WITH
    ORDINALITY`` over ``indkey``/``indclass``/``indcollation``/``indoption``; the last three
    only cover key columns, so they come back NULL for INCLUDE columns), grouped in Python.
    Options are kept only when they differ from what PostgreSQL would pick anyway, mirroring
    what ``pg_get_indexdef`` prints.
    """
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    for attrs in grouped.values():
        (_, relid, name, unique, method, where, nkey, nulls_nd, reloptions, comment, definition) = attrs[0][:11]
        rel = relations.get(relid)
        if rel is None:
            continue
        elements: list[IndexElement] = []
        include: list[str] = []
        for row in attrs:
            ord_, attnum, expr, colname, opclass, collation, opt = row[11:]
            if ord_ > nkey:
                include.append(colname)
                continue
            opt = opt or 0
            descending = bool(opt & 1)
            nulls_first = bool(opt & 2)
            elements.append(
                IndexElement(
                    column=colname if attnum != 0 else None,
                    expression=expr if attnum == 0 else None,
                    collation=collation,
                    opclass=opclass,
                    descending=descending,
                    nulls_first=None if nulls_first == descending else nulls_first,
                )
            )
        storage = tuple(sorted(tuple(o.split("=", 1)) for o in reloptions or ()))
        if attrs[0][0] in exclusions:
            rel["exclusions"].append(_exclusion(exclusions[attrs[0][0]], method, elements, where, include))
            continue
        rel["indexes"].append(
            Index(
                name=name,
                elements=tuple(elements),
                unique=unique,
                method=method,
                where=where,
                include=tuple(include),
                nulls_not_distinct=bool(nulls_nd),
                storage=storage,
                comment=comment,
                definition=definition,
            )
        )


def _element_sql(e: IndexElement) -> str:
    """One index key as SQL text: what an exclusion constraint element is stored as."""
    return (catalog_ident(e.column) if e.column is not None else e.expression or "") + e.options_sql()


def _exclusion(con: tuple, method: str, elements: list[IndexElement], where, include) -> Exclusion:
    name, ops, deferrable, deferred, comment = con
    return Exclusion(
        name=name,
        method=method,
        elements=tuple((_element_sql(e), op) for e, op in zip(elements, ops, strict=True)),
        where=where,
        include=tuple(include),
        deferrable=deferrable,
        initially_deferred=deferred,
        comment=comment,
    )



