-- moved: functions app.twice from public
-- current
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
COMMENT ON FUNCTION twice(integer) IS 'doubles';
GRANT EXECUTE ON FUNCTION twice(integer) TO mv_reader;
CREATE TABLE t (n integer);
CREATE VIEW doubled AS SELECT twice(n) AS d FROM t;
-- desired
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION app.twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
COMMENT ON FUNCTION app.twice(integer) IS 'doubles';
GRANT EXECUTE ON FUNCTION app.twice(integer) TO mv_reader;
CREATE TABLE t (n integer);
CREATE VIEW doubled AS SELECT app.twice(n) AS d FROM t;
