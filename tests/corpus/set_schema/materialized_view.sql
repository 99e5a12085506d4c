-- moved: views app.totals from public
-- current
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id bigint PRIMARY KEY, n integer);
CREATE MATERIALIZED VIEW totals AS SELECT sum(n) AS s FROM t;
CREATE UNIQUE INDEX totals_s ON totals (s);
COMMENT ON MATERIALIZED VIEW totals IS 'sums';
GRANT SELECT ON totals TO mv_reader;
-- desired
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id bigint PRIMARY KEY, n integer);
CREATE MATERIALIZED VIEW app.totals AS SELECT sum(n) AS s FROM t;
CREATE UNIQUE INDEX totals_s ON app.totals (s);
COMMENT ON MATERIALIZED VIEW app.totals IS 'sums';
GRANT SELECT ON app.totals TO mv_reader;
