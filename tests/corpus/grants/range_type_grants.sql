-- current
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE floatrange AS RANGE (SUBTYPE = float8);
-- desired
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE floatrange AS RANGE (SUBTYPE = float8);
REVOKE USAGE ON TYPE floatrange FROM PUBLIC;
GRANT USAGE ON TYPE floatrange TO gc_app;
