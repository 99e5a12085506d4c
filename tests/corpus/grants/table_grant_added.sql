-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, name text);
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, name text);
GRANT SELECT, INSERT ON t TO gc_read;
