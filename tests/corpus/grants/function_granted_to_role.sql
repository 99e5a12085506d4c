-- current
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a';
-- desired
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a';
REVOKE ALL ON FUNCTION f(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION f(integer) TO gc_app;
