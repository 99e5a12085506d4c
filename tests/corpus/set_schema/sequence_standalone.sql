-- moved: sequences app.ticket from public
-- current
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SEQUENCE ticket START 100 INCREMENT 5;
SELECT setval('ticket', 420);
COMMENT ON SEQUENCE ticket IS 'tickets';
GRANT USAGE ON SEQUENCE ticket TO mv_reader;
-- desired
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SEQUENCE app.ticket START 100 INCREMENT 5;
COMMENT ON SEQUENCE app.ticket IS 'tickets';
GRANT USAGE ON SEQUENCE app.ticket TO mv_reader;
