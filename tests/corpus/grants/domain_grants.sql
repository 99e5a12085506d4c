-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE DOMAIN pos AS integer CHECK (VALUE > 0);
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE DOMAIN pos AS integer CHECK (VALUE > 0);
GRANT USAGE ON DOMAIN pos TO gc_read WITH GRANT OPTION;
