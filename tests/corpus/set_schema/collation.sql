-- moved: collations app.ci from public
-- current
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE COLLATION ci (provider = libc, locale = 'C');
COMMENT ON COLLATION ci IS 'plain';
CREATE TABLE t (id integer, name text COLLATE ci);
-- desired
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE COLLATION app.ci (provider = libc, locale = 'C');
COMMENT ON COLLATION app.ci IS 'plain';
CREATE TABLE t (id integer, name text COLLATE app.ci);
