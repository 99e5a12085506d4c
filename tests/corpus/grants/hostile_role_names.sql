-- current
DO $$ BEGIN CREATE ROLE "gc ""quoted""" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "gc'apos" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "gc ünï" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer, "we""ird" text);
-- desired
DO $$ BEGIN CREATE ROLE "gc ""quoted""" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "gc'apos" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "gc ünï" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer, "we""ird" text);
GRANT SELECT ON t TO "gc ""quoted""";
GRANT UPDATE ("we""ird") ON t TO "gc'apos";
GRANT SELECT ON t TO "gc ünï" WITH GRANT OPTION;
