-- current
-- desired
CREATE AGGREGATE my_pct(float8 ORDER BY float8) (SFUNC = ordered_set_transition, STYPE = internal,
  FINALFUNC = percentile_cont_float8_final, FINALFUNC_MODIFY = SHAREABLE);
