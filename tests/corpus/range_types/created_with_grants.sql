-- current
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
-- desired
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE timerange AS RANGE (SUBTYPE = time);
REVOKE ALL ON TYPE timerange FROM PUBLIC;
GRANT USAGE ON TYPE timerange TO gc_app;
