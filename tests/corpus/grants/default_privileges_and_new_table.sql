-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO gc_read;
CREATE TABLE app.t (id integer);
CREATE TABLE app.u (id integer);
REVOKE ALL ON app.u FROM gc_read;
GRANT INSERT ON app.u TO gc_app;
