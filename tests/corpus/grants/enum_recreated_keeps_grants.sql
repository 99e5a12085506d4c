-- current
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE mood AS ENUM ('ok', 'sad', 'meh');
GRANT USAGE ON TYPE mood TO gc_read;
CREATE TABLE t (m mood);
-- desired
DO $$ BEGIN CREATE ROLE "gc_read" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE mood AS ENUM ('ok', 'sad');
GRANT USAGE ON TYPE mood TO gc_read;
CREATE TABLE t (m mood);
