-- current
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
-- desired
DO $$ BEGIN CREATE ROLE "gc_app" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE AGGREGATE my_pct(float8 ORDER BY float8) (SFUNC = ordered_set_transition, STYPE = internal,
  FINALFUNC = percentile_cont_float8_final);
REVOKE EXECUTE ON FUNCTION my_pct(float8, float8) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION my_pct(float8, float8) TO gc_app WITH GRANT OPTION;
