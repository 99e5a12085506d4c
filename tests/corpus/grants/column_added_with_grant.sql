-- current
DO $$ BEGIN CREATE ROLE "gc_write" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer);
-- desired
DO $$ BEGIN CREATE ROLE "gc_write" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer, added text);
GRANT SELECT (added), INSERT (added) ON t TO gc_write;
