-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer, secret text);
CREATE VIEW v AS SELECT id FROM t;
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer, secret text);
CREATE VIEW v AS SELECT id FROM t;
GRANT SELECT ON v TO gc_read;
GRANT SELECT (id) ON v TO PUBLIC;
