"""The catalog SQL, one query per kind of object, all set-based.

Each query but the schemas one takes ``%(nsp)s``, the oids of the inspected schemas; they
are sent together in one pipeline (:func:`~.session.fetch_many`), so the number of queries
never grows with the schema. Output text is canonical because they run in the pinned
session of :mod:`.session`.
"""

from __future__ import annotations

# Not an extension member: ``classid`` is the catalog the object lives in.
_NOT_EXT = """NOT EXISTS (SELECT 1 FROM pg_depend dep
    WHERE dep.classid = '{cat}'::regclass AND dep.objid = {oid} AND dep.deptype = 'e')"""


def not_ext(cat: str, oid: str) -> str:
    return _NOT_EXT.format(cat=cat, oid=oid)


# Extended statistics the model holds (``st`` the statistics object, ``sc`` its table): on a
# table that is not a partition, or on a materialized view, in the relation's own schema.
MANAGED_STATISTICS = "sc.relkind IN ('r', 'p', 'm') AND NOT sc.relispartition AND st.stxnamespace = sc.relnamespace"



# (oid, name, comment) of the schemas to inspect; params: exclude, wanted, wanted (NULL: all).
SCHEMAS_SQL = f"""
SELECT n.oid, n.nspname::text, d.description
FROM pg_namespace n
LEFT JOIN pg_description d
  ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass AND d.objsubid = 0
WHERE n.nspname <> ALL (%s::text[])
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp\\_%%'
  AND (%s::text[] IS NULL OR n.nspname = ANY (%s::text[]))
  AND {not_ext('pg_namespace', 'n.oid')}
ORDER BY n.nspname
"""


EXTENSIONS_SQL = """
SELECT e.extname::text, n.nspname::text, d.description, e.extversion::text
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
LEFT JOIN pg_description d
  ON d.objoid = e.oid AND d.classoid = 'pg_extension'::regclass AND d.objsubid = 0
WHERE e.extname <> 'plpgsql'
"""

ENUMS_SQL = f"""
SELECT n.nspname::text, t.typname::text,
       ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder),
       d.description
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_description d
  ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
WHERE t.typtype = 'e' AND t.typnamespace = ANY (%(nsp)s) AND {not_ext('pg_type', 't.oid')}
"""

# Every sequence, with the column that owns it (serial: deptype 'a'; identity: deptype 'i').
SEQUENCES_SQL = f"""
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
WHERE c.relkind = 'S' AND c.relnamespace = ANY (%(nsp)s) AND {not_ext('pg_class', 'c.oid')}
"""

RELATIONS_SQL = f"""
SELECT c.oid, n.nspname::text, c.relname::text, c.relkind::text, d.description,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
       pn.nspname::text, pc.relname::text, c.reloptions::text[],
       CASE WHEN c.relkind IN ('v', 'm') THEN ARRAY(  -- a view's column comments: [name, text] pairs
         SELECT ARRAY[a.attname::text, cd.description] FROM pg_attribute a
         JOIN pg_description cd ON cd.objoid = c.oid AND cd.classoid = 'pg_class'::regclass
          AND cd.objsubid = a.attnum
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) END  -- sorted in relations_of
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d
  ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
LEFT JOIN pg_inherits inh ON c.relispartition AND inh.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = inh.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
WHERE c.relnamespace = ANY (%(nsp)s) AND c.relkind IN ('r', 'p', 'v', 'm')
  AND {not_ext('pg_class', 'c.oid')}
"""

DOMAINS_SQL = f"""
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
WHERE t.typtype = 'd' AND t.typnamespace = ANY (%(nsp)s) AND {not_ext('pg_type', 't.oid')}
"""

COMPOSITES_SQL = f"""
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
WHERE t.typtype = 'c' AND t.typnamespace = ANY (%(nsp)s) AND {not_ext('pg_type', 't.oid')}
"""

COLUMNS_SQL = """
SELECT a.attrelid, a.attnum, a.attname::text, format_type(a.atttypid, a.atttypmod),
       NOT a.attnotnull,
       -- a default names no column, so it is printed without its table: given one,
       -- pg_get_expr opens (and locks) the table, a relcache entry built per table
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0)
            ELSE pg_get_expr(ad.adbin, ad.adrelid) END,
       a.attidentity::text,
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


def constraints_sql(version: int) -> str:
    nnd = "COALESCE(ix.indnullsnotdistinct, false)" if version >= 150000 else "false"
    enforced = "con.conenforced" if version >= 180000 else "true"  # NOT ENFORCED: PostgreSQL 18
    return f"""
SELECT con.conrelid, con.conname::text, con.contype::text,
       CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid) END,  -- only a check's text is read
       ARRAY(SELECT (SELECT a.attname::text FROM pg_attribute a  -- an index probe per key: no hash, no sort
                     WHERE a.attrelid = con.conrelid AND a.attnum = u.n)
             FROM unnest(con.conkey) WITH ORDINALITY u(n, o) ORDER BY u.o),
       CASE WHEN con.contype = 'f' THEN
         ARRAY(SELECT (SELECT a.attname::text FROM pg_attribute a
                       WHERE a.attrelid = con.confrelid AND a.attnum = u.n)
               FROM unnest(con.confkey) WITH ORDINALITY u(n, o) ORDER BY u.o)
       ELSE '{{}}'::text[] END,
       rn.nspname::text, rc.relname::text,
       con.confdeltype::text, con.confupdtype::text, con.confmatchtype::text,
       con.condeferrable, con.condeferred, con.connoinherit, {nnd}, d.description,
       con.conindid,
       CASE WHEN con.contype <> 'x' THEN '{{}}'::text[] ELSE
       ARRAY(SELECT CASE WHEN op.oprnamespace = 'pg_catalog'::regnamespace THEN op.oprname::text
                    ELSE 'OPERATOR(' || quote_ident(opn.nspname) || '.' || op.oprname || ')' END
             FROM unnest(con.conexclop) WITH ORDINALITY u(op, o)
             JOIN pg_operator op ON op.oid = u.op
             JOIN pg_namespace opn ON opn.oid = op.oprnamespace ORDER BY u.o) END,
       {enforced}, con.convalidated
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_index ix ON ix.indexrelid = con.conindid
LEFT JOIN pg_description d
  ON d.objoid = con.oid AND d.classoid = 'pg_constraint'::regclass AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(nsp)s) AND con.contype IN ('p', 'u', 'c', 'f', 'x', 'n')
  AND con.conparentid = 0 AND con.conislocal
  -- a NOT NULL (PostgreSQL 18) tells nothing when valid and named <table>_<column>_not_null
  -- (the default, when it fits in a name; a longer default is cut and told, see apply_not_null_names)
  AND (con.contype <> 'n' OR NOT con.convalidated
       OR con.conname::text IS DISTINCT FROM (SELECT c.relname || '_' || a.attname || '_not_null' FROM pg_attribute a
                                             WHERE a.attrelid = con.conrelid AND a.attnum = con.conkey[1]))
"""


def indexes_sql(version: int) -> str:
    nnd = "i.indnullsnotdistinct" if version >= 150000 else "false"
    return f"""
WITH ix AS MATERIALIZED (
    SELECT i.indexrelid, i.indrelid, ic.relname::text AS name, i.indisunique AS uniq,
           am.amname::text AS method, pg_get_expr(i.indpred, i.indrelid) AS pred,
           i.indnkeyatts, {nnd} AS nnd, ic.reloptions::text[] AS reloptions,
           d.description,
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
       ix.nnd, ix.reloptions, ix.description,
       k.ord, k.attnum,
       CASE WHEN k.attnum = 0 THEN pg_get_indexdef(ix.indexrelid, k.ord::int, true) END,
       ta.attname,
       CASE WHEN NOT opc.opcdefault THEN
         CASE WHEN opc.opcnamespace = 'pg_catalog'::regnamespace THEN quote_ident(opc.opcname)
              ELSE quote_ident(opcn.nspname) || '.' || quote_ident(opc.opcname) END
       END,
       CASE WHEN k.coll <> 0
             AND k.coll <> CASE WHEN k.attnum <> 0 THEN ta.attcollation ELSE
                 (SELECT t.typcollation FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                  WHERE a.attrelid = ix.indexrelid AND a.attnum = k.ord) END
         THEN CASE WHEN coll.collnamespace = 'pg_catalog'::regnamespace
                THEN '"' || replace(coll.collname, '"', '""') || '"'
                ELSE quote_ident(colln.nspname) || '."' || replace(coll.collname, '"', '""') || '"'
              END
       END,
       k.opt, (SELECT NULLIF(a.attstattarget, -1)::int FROM pg_attribute a
               WHERE a.attrelid = ix.indexrelid AND a.attnum = k.ord)
FROM ix
CROSS JOIN LATERAL unnest(ix.indkey::int2[], ix.indclass::oid[], ix.indcollation::oid[],
                          ix.indoption::int2[]) WITH ORDINALITY AS k(attnum, opclass, coll, opt, ord)
CROSS JOIN LATERAL (SELECT  -- one index probe per key, never a hash of all of pg_attribute
    (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = ix.indrelid AND a.attnum = k.attnum) AS attname,
    (SELECT a.attcollation FROM pg_attribute a WHERE a.attrelid = ix.indrelid AND a.attnum = k.attnum) AS attcollation
    ) ta
LEFT JOIN pg_opclass opc ON opc.oid = k.opclass
LEFT JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace
LEFT JOIN pg_collation coll ON coll.oid = k.coll
LEFT JOIN pg_namespace colln ON colln.oid = coll.collnamespace
ORDER BY ix.indexrelid, k.ord
"""



# Aggregates the model covers (model/aggregates.py): plain, ordered-set and hypothetical-set
# ones with unnamed IN arguments, every option of pg_aggregate.
AGGREGATE_MANAGED = """(a.aggkind IN ('n', 'o', 'h') AND p.proargmodes IS NULL AND p.proargnames IS NULL)"""

# What the model does not cover yet (see unmanaged.unmanaged_objects), one text per object.
UNMANAGED_SQL = f"""
SELECT CASE p.prokind WHEN 'p' THEN 'procedure ' WHEN 'a' THEN 'aggregate '
       ELSE 'function ' END || p.oid::regprocedure::text
FROM pg_proc p LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
WHERE p.pronamespace = ANY (%(nsp)s) AND {not_ext('pg_proc', 'p.oid')}
  AND (p.prokind NOT IN ('f', 'p', 'a')  -- the rest: inspect/functions.py
       OR (p.prokind = 'a' AND NOT {AGGREGATE_MANAGED}))  -- and inspect/aggregates.py
  AND NOT EXISTS (SELECT 1 FROM pg_depend dep  -- a range type's constructors
    WHERE dep.classid = 'pg_proc'::regclass AND dep.objid = p.oid AND dep.deptype = 'i')
UNION ALL
SELECT 'trigger ' || quote_ident(t.tgname) || ' on ' || c.oid::regclass::text
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE NOT t.tgisinternal AND c.relnamespace = ANY (%(nsp)s)
  AND (c.relkind NOT IN ('r', 'p', 'v') OR (c.relkind = 'v'  -- the rest: inspect/functions.py
       AND (t.tgqual IS NOT NULL OR cardinality(t.tgattr::int2[]) > 0)))
  AND t.tgparentid = 0
  AND {not_ext('pg_class', 'c.oid')}
UNION ALL
SELECT 'rule ' || quote_ident(r.rulename) || ' on ' || c.oid::regclass::text
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
WHERE r.rulename <> '_RETURN' AND c.relnamespace = ANY (%(nsp)s)
  AND {not_ext('pg_class', 'c.oid')}
UNION ALL
SELECT 'foreign table ' || c.oid::regclass::text
FROM pg_class c
WHERE c.relkind = 'f' AND NOT c.relispartition AND c.relnamespace = ANY (%(nsp)s)
  AND {not_ext('pg_class', 'c.oid')}
UNION ALL
SELECT 'statistics ' || quote_ident(sn.nspname) || '.' || quote_ident(st.stxname)
FROM pg_statistic_ext st JOIN pg_namespace sn ON sn.oid = st.stxnamespace
JOIN pg_class sc ON sc.oid = st.stxrelid
WHERE st.stxnamespace = ANY (%(nsp)s) AND {not_ext('pg_statistic_ext', 'st.oid')}
  AND NOT ({MANAGED_STATISTICS})  -- the rest: inspect/statistics.py
UNION ALL
SELECT 'invalid index ' || c.oid::regclass::text
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE NOT i.indisvalid AND c.relnamespace = ANY (%(nsp)s)
  AND {not_ext('pg_class', 'i.indrelid')}
UNION ALL
SELECT 'operator class ' || quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname)
       || ' using ' || am.amname
FROM pg_opclass oc JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace JOIN pg_am am ON am.oid = oc.opcmethod
WHERE oc.opcnamespace = ANY (%(nsp)s) AND {not_ext('pg_opclass', 'oc.oid')}
UNION ALL
SELECT 'operator family ' || quote_ident(ofn.nspname) || '.' || quote_ident(opf.opfname)
       || ' using ' || am.amname
FROM pg_opfamily opf JOIN pg_namespace ofn ON ofn.oid = opf.opfnamespace JOIN pg_am am ON am.oid = opf.opfmethod
WHERE opf.opfnamespace = ANY (%(nsp)s) AND {not_ext('pg_opfamily', 'opf.oid')}
"""

# Operators (CREATE OPERATOR): shells (no function yet: a commutator named before it was
# created) and extension members are not read.
OPERATORS_SQL = f"""
SELECT n.nspname::text, o.oprname::text,
       CASE WHEN o.oprleft = 0 THEN NULL ELSE format_type(o.oprleft, NULL) END,
       format_type(o.oprright, NULL),
       fn.nspname::text, f.proname::text,
       cn.nspname::text, c.oprname::text, nn.nspname::text, ng.oprname::text,
       rn.nspname::text, r.proname::text, jn.nspname::text, j.proname::text,
       o.oprcanhash, o.oprcanmerge, d.description
FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
JOIN pg_proc f ON f.oid = o.oprcode JOIN pg_namespace fn ON fn.oid = f.pronamespace
LEFT JOIN pg_operator c ON c.oid = o.oprcom LEFT JOIN pg_namespace cn ON cn.oid = c.oprnamespace
LEFT JOIN pg_operator ng ON ng.oid = o.oprnegate LEFT JOIN pg_namespace nn ON nn.oid = ng.oprnamespace
LEFT JOIN pg_proc r ON r.oid = o.oprrest LEFT JOIN pg_namespace rn ON rn.oid = r.pronamespace
LEFT JOIN pg_proc j ON j.oid = o.oprjoin LEFT JOIN pg_namespace jn ON jn.oid = j.pronamespace
LEFT JOIN pg_description d
  ON d.objoid = o.oid AND d.classoid = 'pg_operator'::regclass AND d.objsubid = 0
WHERE o.oprnamespace = ANY (%(nsp)s) AND {not_ext('pg_operator', 'o.oid')}
"""


# Table attributes (inspect/table_attributes.py): UNLOGGED, REPLICA IDENTITY and its index, the
# index CLUSTER ON names, storage parameters, plain inheritance (parents in INHERITS order), the
# columns a child only inherits (not its own: its YAML does not list them), and the names of its
# checks and foreign keys added NOT VALID and not validated since (NOT ENFORCED ones, which
# PostgreSQL 18 also leaves unvalidated, aside).
def table_attributes_sql(version: int) -> str:
    # what few tables have (a replica identity or clustered index, parents, inherited columns,
    # constraints not yet valid) read once per catalog and joined, not asked of every table
    enforced = " AND con.conenforced" if version >= 180000 else ""
    return f"""
SELECT c.oid, c.relpersistence = 'u', c.relreplident::text, ix.replident, ix.clustered,
       c.reloptions::text[],
       CASE WHEN c.relispartition THEN '{{}}' ELSE coalesce(inh.schemas, '{{}}') END,
       CASE WHEN c.relispartition THEN '{{}}' ELSE coalesce(inh.names, '{{}}') END,
       CASE WHEN c.relispartition THEN '{{}}' ELSE coalesce(nl.names, '{{}}') END,
       coalesce(nv.names, '{{}}')
FROM pg_class c
LEFT JOIN (SELECT i.indrelid, max(ic.relname::text) FILTER (WHERE i.indisreplident) AS replident,
                  max(ic.relname::text) FILTER (WHERE i.indisclustered) AS clustered
           FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
           WHERE i.indisreplident OR i.indisclustered GROUP BY i.indrelid) ix ON ix.indrelid = c.oid
LEFT JOIN (SELECT h.inhrelid, array_agg(pn.nspname::text ORDER BY h.inhseqno) AS schemas,
                  array_agg(p.relname::text ORDER BY h.inhseqno) AS names
           FROM pg_inherits h JOIN pg_class p ON p.oid = h.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
           GROUP BY h.inhrelid) inh ON inh.inhrelid = c.oid
LEFT JOIN (SELECT a.attrelid, array_agg(a.attname::text ORDER BY a.attnum) AS names FROM pg_attribute a
           WHERE a.attnum > 0 AND NOT a.attisdropped AND NOT a.attislocal GROUP BY a.attrelid) nl ON nl.attrelid = c.oid
LEFT JOIN (SELECT con.conrelid, array_agg(con.conname::text ORDER BY con.conname) AS names FROM pg_constraint con
           WHERE NOT con.convalidated AND con.contype IN ('c', 'f') AND con.conparentid = 0 AND con.conislocal{enforced}
           GROUP BY con.conrelid) nv ON nv.conrelid = c.oid
WHERE c.relnamespace = ANY (%(nsp)s) AND c.relkind IN ('r', 'p') AND {not_ext('pg_class', 'c.oid')}
"""


# PostgreSQL 18 temporal constraints (conperiod): primary keys and uniques WITHOUT OVERLAPS,
# foreign keys with PERIOD; read by inspect/temporal.py onto the constraints read above.
TEMPORAL_SQL = """
SELECT con.conrelid, con.conname::text
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
WHERE c.relnamespace = ANY (%(nsp)s) AND con.contype IN ('p', 'u', 'f') AND con.conperiod
  AND con.conparentid = 0 AND con.conislocal
ORDER BY 1, 2
"""

# PostgreSQL 18: a partition's NOT NULL constraints named otherwise than its parent's on the same
# column (inspect/partition_keys.py). Local or inherited alike: a partition detached, renamed and
# attached again keeps its name with conislocal false.
PARTITION_NOT_NULLS_SQL = """
SELECT con.conrelid, a.attname::text, con.conname::text
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid AND c.relispartition
JOIN pg_inherits i ON i.inhrelid = c.oid
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = con.conkey[1]
JOIN pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname
JOIN pg_constraint pcon ON pcon.conrelid = i.inhparent AND pcon.contype = 'n' AND pcon.conkey[1] = pa.attnum
WHERE con.contype = 'n' AND c.relnamespace = ANY (%(nsp)s) AND pcon.conname <> con.conname
ORDER BY 1, 2
"""


AGGREGATES_SQL = f"""
SELECT n.nspname::text, p.proname::text,
       ARRAY(SELECT format_type(u.t, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(t, i)
             ORDER BY u.i),
       a.aggkind::text, a.aggnumdirectargs::int, a.aggtransfn::regproc::text,
       format_type(a.aggtranstype, NULL),
       CASE WHEN a.aggfinalfn <> 0 THEN a.aggfinalfn::regproc::text END,
       a.agginitval,
       CASE WHEN a.aggcombinefn <> 0 THEN a.aggcombinefn::regproc::text END,
       p.proparallel::text, d.description, format_type(p.prorettype, NULL),
       CASE WHEN a.aggserialfn <> 0 THEN a.aggserialfn::regproc::text END,
       CASE WHEN a.aggdeserialfn <> 0 THEN a.aggdeserialfn::regproc::text END,
       a.aggfinalextra, a.aggfinalmodify::text,
       CASE WHEN o.oprnamespace = 'pg_catalog'::regnamespace THEN o.oprname::text
            ELSE quote_ident(opn.nspname) || '.' || o.oprname END,
       a.aggtransspace,
       CASE WHEN a.aggmtransfn <> 0 THEN a.aggmtransfn::regproc::text END,
       CASE WHEN a.aggminvtransfn <> 0 THEN a.aggminvtransfn::regproc::text END,
       CASE WHEN a.aggmtransfn <> 0 THEN format_type(a.aggmtranstype, NULL) END,
       a.aggmtransspace, CASE WHEN a.aggmfinalfn <> 0 THEN a.aggmfinalfn::regproc::text END,
       a.aggmfinalextra, a.aggmfinalmodify::text, a.aggminitval
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_namespace n ON n.oid = p.pronamespace
LEFT JOIN pg_operator o ON o.oid = a.aggsortop LEFT JOIN pg_namespace opn ON opn.oid = o.oprnamespace
LEFT JOIN pg_description d
  ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass AND d.objsubid = 0
WHERE p.pronamespace = ANY (%(nsp)s) AND {not_ext('pg_proc', 'p.oid')} AND {AGGREGATE_MANAGED}
"""

# Range types; the operator class and collation only when they are not the subtype's defaults,
# the multirange's name (PostgreSQL 14+; NULL before).
RANGE_TYPES_SQL = f"""
SELECT n.nspname::text, t.typname::text, format_type(r.rngsubtype, NULL),
       CASE WHEN NOT oc.opcdefault THEN quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END,
       CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN
         CASE WHEN coll.collnamespace = 'pg_catalog'::regnamespace
           THEN '"' || replace(coll.collname, '"', '""') || '"'
           ELSE quote_ident(cn.nspname) || '."' || replace(coll.collname, '"', '""') || '"'
         END
       END,
       CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END,
       CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END,
       (SELECT mt.typname::text FROM pg_type mt WHERE mt.oid = r.rngmultitypid),
       d.description
FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type st ON st.oid = r.rngsubtype
JOIN pg_opclass oc ON oc.oid = r.rngsubopc JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
LEFT JOIN pg_collation coll ON coll.oid = r.rngcollation
LEFT JOIN pg_namespace cn ON cn.oid = coll.collnamespace
LEFT JOIN pg_description d
  ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass AND d.objsubid = 0
WHERE t.typnamespace = ANY (%(nsp)s) AND {not_ext('pg_type', 't.oid')}
"""


# Extended statistics of the inspected tables (:mod:`.statistics`): (table oid, name, column
# names in column order, expressions, stxkind letters, target (-1 or NULL: the default), comment).
STATISTICS_SQL = f"""
SELECT st.stxrelid, st.stxname::text,
       ARRAY(SELECT a.attname::text FROM unnest(st.stxkeys::int2[]) k
             JOIN pg_attribute a ON a.attrelid = st.stxrelid AND a.attnum = k ORDER BY k),
       pg_get_statisticsobjdef_expressions(st.oid), st.stxkind::text[], st.stxstattarget::int,
       d.description
FROM pg_statistic_ext st JOIN pg_class sc ON sc.oid = st.stxrelid
LEFT JOIN pg_description d
  ON d.objoid = st.oid AND d.classoid = 'pg_statistic_ext'::regclass AND d.objsubid = 0
WHERE sc.relnamespace = ANY (%(nsp)s) AND {MANAGED_STATISTICS}
  AND {not_ext('pg_statistic_ext', 'st.oid')}
ORDER BY st.stxrelid, st.stxname
"""

# Columns whose statistics target, storage or compression is not the default: (table oid,
# column, target (-1 before PostgreSQL 17, NULL from 17 on: the default), storage, the type's
# storage, compression ('' = the default)).
COLUMN_OPTIONS_SQL = """
SELECT a.attrelid, a.attname::text, a.attstattarget::int, a.attstorage::text, t.typstorage::text,
       a.attcompression::text
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_type t ON t.oid = a.atttypid
WHERE c.relnamespace = ANY (%(nsp)s) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND a.attnum > 0 AND NOT a.attisdropped
  AND (coalesce(a.attstattarget::int, -1) <> -1 OR a.attstorage <> t.typstorage OR a.attcompression::text <> '')
ORDER BY a.attrelid, a.attnum
"""

# Collations of the inspected schemas (:mod:`.collations`): (schema, name, provider letter,
# ICU/builtin locale (colliculocale before PostgreSQL 17, colllocale from 17 on), lc_collate,
# lc_ctype, deterministic, comment).
COLLATIONS_SQL = f"""
SELECT n.nspname::text, c.collname::text, c.collprovider::text,
       coalesce(to_jsonb(c) ->> 'colllocale', to_jsonb(c) ->> 'colliculocale'),
       c.collcollate::text, c.collctype::text, c.collisdeterministic, d.description
FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
LEFT JOIN pg_description d
  ON d.objoid = c.oid AND d.classoid = 'pg_collation'::regclass AND d.objsubid = 0
WHERE c.collnamespace = ANY (%(nsp)s) AND {not_ext('pg_collation', 'c.oid')}
ORDER BY 1, 2
"""
