-- moved: functions app.archive from public
-- current
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE PROCEDURE archive(n integer) LANGUAGE sql AS 'SELECT n';
COMMENT ON PROCEDURE archive(integer) IS 'archives';
GRANT EXECUTE ON PROCEDURE archive(integer) TO mv_reader;
-- desired
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE PROCEDURE app.archive(n integer) LANGUAGE sql AS 'SELECT n';
COMMENT ON PROCEDURE app.archive(integer) IS 'archives';
GRANT EXECUTE ON PROCEDURE app.archive(integer) TO mv_reader;
