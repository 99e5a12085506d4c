-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TABLE t (id integer, m mood);
CREATE MATERIALIZED VIEW v AS SELECT id, m FROM t;
CREATE INDEX v_id ON v (id);
GRANT SELECT ON v TO gc_read;
GRANT SELECT (id) ON v TO PUBLIC;
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE mood AS ENUM ('a', 'b', 'c');
CREATE TABLE t (id integer, m mood);
CREATE MATERIALIZED VIEW v AS SELECT id, m FROM t;
CREATE INDEX v_id ON v (id);
GRANT SELECT ON v TO gc_read;
GRANT SELECT (id) ON v TO PUBLIC;
