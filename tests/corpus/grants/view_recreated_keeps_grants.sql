-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer, a text, b text);
CREATE VIEW v AS SELECT id, a, b FROM t;
GRANT SELECT ON v TO gc_read;
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer, a text, b text);
CREATE VIEW v AS SELECT id, b FROM t;
GRANT SELECT ON v TO gc_read;
