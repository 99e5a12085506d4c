-- moved: functions app.twice from old
-- current
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA old;
CREATE FUNCTION old.twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
GRANT EXECUTE ON FUNCTION old.twice(integer) TO mv_reader;
CREATE TABLE t (n integer DEFAULT old.twice(2));
-- desired
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE FUNCTION app.twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
GRANT EXECUTE ON FUNCTION app.twice(integer) TO mv_reader;
CREATE TABLE t (n integer DEFAULT app.twice(2));
