-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer);
GRANT SELECT ON t TO gc_read;
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer);
GRANT SELECT ON t TO gc_read WITH GRANT OPTION;
GRANT INSERT ON t TO gc_read;
