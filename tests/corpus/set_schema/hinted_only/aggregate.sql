-- moved: aggregates app.total from public
-- current
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
COMMENT ON AGGREGATE total(integer) IS 'sum';
GRANT EXECUTE ON FUNCTION total(integer) TO mv_reader;
CREATE TABLE t (n integer);
CREATE VIEW totals AS SELECT total(n) AS s FROM t;
-- desired
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE AGGREGATE app.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
COMMENT ON AGGREGATE app.total(integer) IS 'sum';
GRANT EXECUTE ON FUNCTION app.total(integer) TO mv_reader;
CREATE TABLE t (n integer);
CREATE VIEW totals AS SELECT app.total(n) AS s FROM t;
