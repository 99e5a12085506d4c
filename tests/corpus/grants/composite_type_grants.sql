-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE pair AS (a integer, b integer);
REVOKE USAGE ON TYPE pair FROM PUBLIC;
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE pair AS (a integer, b integer);
GRANT USAGE ON TYPE pair TO gc_read;
