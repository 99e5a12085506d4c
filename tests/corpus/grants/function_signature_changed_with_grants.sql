-- current
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a';
REVOKE ALL ON FUNCTION f(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION f(integer) TO gc_app;
-- desired
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION f(a bigint) RETURNS bigint LANGUAGE sql AS 'SELECT a';
REVOKE ALL ON FUNCTION f(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION f(bigint) TO gc_app WITH GRANT OPTION;
