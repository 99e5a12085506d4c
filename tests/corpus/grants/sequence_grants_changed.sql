-- current
DO $$ BEGIN CREATE ROLE "gc_write" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SEQUENCE s;
GRANT ALL ON SEQUENCE s TO gc_write;
-- desired
DO $$ BEGIN CREATE ROLE "gc_write" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SEQUENCE s;
GRANT USAGE ON SEQUENCE s TO gc_write WITH GRANT OPTION;
