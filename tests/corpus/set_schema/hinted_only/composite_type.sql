-- moved: composite_types app.pair from public
-- current
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE pair AS (a integer, b text);
COMMENT ON TYPE pair IS 'pairs';
GRANT USAGE ON TYPE pair TO mv_reader;
CREATE TABLE t (id integer, p pair);
CREATE FUNCTION first(p pair) RETURNS integer LANGUAGE sql AS 'SELECT (p).a';
-- desired
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE app.pair AS (a integer, b text);
COMMENT ON TYPE app.pair IS 'pairs';
GRANT USAGE ON TYPE app.pair TO mv_reader;
CREATE TABLE t (id integer, p app.pair);
CREATE FUNCTION first(p app.pair) RETURNS integer LANGUAGE sql AS 'SELECT (p).a';
