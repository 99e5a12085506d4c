-- moved: views app.names from public
-- current
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id bigint PRIMARY KEY, name text);
CREATE VIEW names AS SELECT name FROM t;
GRANT SELECT ON names TO mv_reader;
-- desired
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id bigint PRIMARY KEY, name text);
CREATE VIEW app.names AS SELECT name FROM t;
GRANT SELECT ON app.names TO mv_reader;
