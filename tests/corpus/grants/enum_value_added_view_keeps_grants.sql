-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TABLE t (id integer, m mood);
CREATE VIEW v AS SELECT id, m FROM t;
GRANT SELECT ON v TO gc_read;
GRANT UPDATE (m) ON v TO gc_read;
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE mood AS ENUM ('a', 'b', 'c');
CREATE TABLE t (id integer, m mood);
CREATE VIEW v AS SELECT id, m FROM t;
GRANT SELECT ON v TO gc_read;
GRANT UPDATE (m) ON v TO gc_read;
