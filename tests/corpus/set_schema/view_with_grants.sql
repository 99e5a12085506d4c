-- moved: views app.names from public
-- current
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id bigint PRIMARY KEY, name text);
CREATE VIEW names AS SELECT name FROM t;
COMMENT ON VIEW names IS 'the names';
GRANT SELECT ON names TO mv_reader;
CREATE VIEW upper_names AS SELECT upper(name) AS u FROM names;
-- desired
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id bigint PRIMARY KEY, name text);
CREATE VIEW app.names AS SELECT name FROM t;
COMMENT ON VIEW app.names IS 'the names';
GRANT SELECT ON app.names TO mv_reader;
CREATE VIEW upper_names AS SELECT upper(name) AS u FROM app.names;
