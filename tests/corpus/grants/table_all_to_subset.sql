-- current
DO $$ BEGIN CREATE ROLE "gc_admin" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer);
GRANT ALL ON t TO gc_admin;
-- desired
DO $$ BEGIN CREATE ROLE "gc_admin" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer);
GRANT SELECT, UPDATE ON t TO gc_admin;
