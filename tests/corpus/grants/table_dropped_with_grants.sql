-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "gc_write" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer, note text);
GRANT SELECT ON t TO gc_read;
GRANT UPDATE (note) ON t TO gc_write;
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "gc_write" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
