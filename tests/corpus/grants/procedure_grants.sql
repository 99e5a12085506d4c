-- current
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE PROCEDURE p(x integer) LANGUAGE sql AS 'SELECT x';
-- desired
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE PROCEDURE p(x integer) LANGUAGE sql AS 'SELECT x';
REVOKE ALL ON PROCEDURE p(integer) FROM PUBLIC;
GRANT EXECUTE ON PROCEDURE p(integer) TO gc_app;
