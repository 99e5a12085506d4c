-- moved: sequences app.ticket from public
-- current
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SEQUENCE ticket;
CREATE TABLE t (id bigint DEFAULT nextval('ticket') PRIMARY KEY);
GRANT USAGE ON SEQUENCE ticket TO mv_reader;
-- desired
CREATE SCHEMA app;
DO $$ BEGIN CREATE ROLE "mv_reader" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SEQUENCE app.ticket;
CREATE TABLE t (id bigint DEFAULT nextval('app.ticket') PRIMARY KEY);
GRANT USAGE ON SEQUENCE app.ticket TO mv_reader;
