-- current
DO $$ BEGIN CREATE ROLE "gc_write" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer, gone text);
GRANT SELECT (id, gone), UPDATE (gone) ON t TO gc_write;
-- desired
DO $$ BEGIN CREATE ROLE "gc_write" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer);
GRANT SELECT (id) ON t TO gc_write;
