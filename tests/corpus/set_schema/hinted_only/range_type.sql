-- moved: range_types app.floatrange from public
-- current
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
COMMENT ON TYPE floatrange IS 'ranges';
GRANT USAGE ON TYPE floatrange TO mv_reader;
CREATE TABLE t (id integer, r floatrange, rs floatmultirange);
-- desired
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE app.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
COMMENT ON TYPE app.floatrange IS 'ranges';
GRANT USAGE ON TYPE app.floatrange TO mv_reader;
CREATE TABLE t (id integer, r app.floatrange, rs app.floatmultirange);
