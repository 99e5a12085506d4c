-- current
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE log (msg text);
-- desired
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE log (msg text);
CREATE PROCEDURE note(m text) LANGUAGE sql
BEGIN ATOMIC
  INSERT INTO log (msg) VALUES (m);
  INSERT INTO log (msg) VALUES (CASE WHEN m IS NULL THEN 'null' ELSE upper(m) END);
END;
REVOKE ALL ON PROCEDURE note(text) FROM PUBLIC;
GRANT EXECUTE ON PROCEDURE note(text) TO gc_app;
