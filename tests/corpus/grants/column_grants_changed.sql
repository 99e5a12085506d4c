-- current
DO $$ BEGIN CREATE ROLE "gc_write" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer, email text, secret text);
GRANT SELECT (id), UPDATE (email, secret) ON t TO gc_write;
-- desired
DO $$ BEGIN CREATE ROLE "gc_write" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer, email text, secret text);
GRANT SELECT (id, email), REFERENCES (id) ON t TO gc_write;
GRANT UPDATE (email) ON t TO gc_write WITH GRANT OPTION;
