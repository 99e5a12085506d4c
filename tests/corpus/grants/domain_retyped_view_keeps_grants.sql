-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE DOMAIN dom AS integer;
CREATE TABLE t (id integer, d dom);
CREATE VIEW v AS SELECT id, d FROM t;
GRANT SELECT ON v TO gc_read;
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE DOMAIN dom AS bigint;
CREATE TABLE t (id integer, d dom);
CREATE VIEW v AS SELECT id, d FROM t;
GRANT SELECT ON v TO gc_read;
