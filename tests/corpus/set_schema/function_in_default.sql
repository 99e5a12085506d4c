-- moved: functions app.next_code from public
-- current
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION next_code(p integer) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''c'' || p';
COMMENT ON FUNCTION next_code(integer) IS 'codes';
REVOKE EXECUTE ON FUNCTION next_code(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION next_code(integer) TO mv_reader;
CREATE TABLE t (id integer, code text DEFAULT next_code(1));
-- desired
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION app.next_code(p integer) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''c'' || p';
COMMENT ON FUNCTION app.next_code(integer) IS 'codes';
REVOKE EXECUTE ON FUNCTION app.next_code(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.next_code(integer) TO mv_reader;
CREATE TABLE t (id integer, code text DEFAULT app.next_code(1));
