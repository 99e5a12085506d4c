-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer);
CREATE MATERIALIZED VIEW m AS SELECT id FROM t;
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer);
CREATE MATERIALIZED VIEW m AS SELECT id FROM t;
GRANT SELECT ON m TO gc_read;
