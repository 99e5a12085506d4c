-- current
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE AGGREGATE my_sum(integer) (SFUNC = int4pl, STYPE = integer);
REVOKE ALL ON FUNCTION my_sum(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION my_sum(integer) TO gc_app;
-- desired
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE AGGREGATE my_sum(integer) (SFUNC = int4_sum, STYPE = bigint);
REVOKE ALL ON FUNCTION my_sum(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION my_sum(integer) TO gc_app;
