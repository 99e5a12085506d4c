-- moved: domains app.positive from public
-- current
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
COMMENT ON DOMAIN positive IS 'above zero';
GRANT USAGE ON DOMAIN positive TO mv_reader;
CREATE TABLE t (id integer, n positive);
-- desired
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);
COMMENT ON DOMAIN app.positive IS 'above zero';
GRANT USAGE ON DOMAIN app.positive TO mv_reader;
CREATE TABLE t (id integer, n app.positive);
