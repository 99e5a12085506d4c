-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "gc_write" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "gc_admin" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE a (id integer PRIMARY KEY);
CREATE SEQUENCE s;
GRANT SELECT ON a TO gc_read;
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "gc_write" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "gc_admin" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE a (id integer PRIMARY KEY);
CREATE SEQUENCE s;
GRANT SELECT ON a TO gc_read, gc_write;
GRANT INSERT, UPDATE, DELETE ON a TO gc_write;
GRANT TRUNCATE ON a TO gc_admin;
GRANT USAGE ON SEQUENCE s TO gc_write;
