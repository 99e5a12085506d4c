-- current
-- desired
CREATE AGGREGATE my_sum(numeric) (SFUNC = numeric_avg_accum, STYPE = internal, FINALFUNC = numeric_sum,
  COMBINEFUNC = numeric_avg_combine, SERIALFUNC = numeric_avg_serialize,
  DESERIALFUNC = numeric_avg_deserialize, PARALLEL = SAFE, SSPACE = 128);
