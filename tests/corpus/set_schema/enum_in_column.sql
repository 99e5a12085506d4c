-- moved: enums app.mood from public
-- current
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
COMMENT ON TYPE mood IS 'moods';
GRANT USAGE ON TYPE mood TO mv_reader;
CREATE TABLE t (id integer, m mood DEFAULT 'ok', ms mood[]);
CREATE VIEW happy AS SELECT id FROM t WHERE m = 'happy'::mood;
-- desired
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
COMMENT ON TYPE app.mood IS 'moods';
GRANT USAGE ON TYPE app.mood TO mv_reader;
CREATE TABLE t (id integer, m app.mood DEFAULT 'ok', ms app.mood[]);
CREATE VIEW happy AS SELECT id FROM t WHERE m = 'happy'::app.mood;
