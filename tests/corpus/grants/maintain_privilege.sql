-- requires: 170000
-- current
DO $$ BEGIN CREATE ROLE "gc_admin" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer);
-- desired
DO $$ BEGIN CREATE ROLE "gc_admin" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer);
GRANT MAINTAIN ON t TO gc_admin;
