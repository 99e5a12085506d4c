-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer);
GRANT SELECT, INSERT ON t TO gc_read WITH GRANT OPTION;
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer);
GRANT SELECT ON t TO gc_read;
GRANT INSERT ON t TO gc_read WITH GRANT OPTION;
