-- current
-- desired
CREATE SCHEMA stats;
CREATE FUNCTION stats.avg_final(s numeric[]) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT CASE WHEN s[2] = 0 THEN NULL ELSE s[1] / s[2] END';
CREATE FUNCTION stats.avg_step(s numeric[], x numeric) RETURNS numeric[] LANGUAGE sql IMMUTABLE AS 'SELECT ARRAY[s[1] + x, s[2] + 1]';
CREATE FUNCTION stats.avg_combine(a numeric[], b numeric[]) RETURNS numeric[] LANGUAGE sql IMMUTABLE AS 'SELECT ARRAY[a[1] + b[1], a[2] + b[2]]';
CREATE AGGREGATE stats.my_avg(numeric) (SFUNC = stats.avg_step, STYPE = numeric[], FINALFUNC = stats.avg_final, INITCOND = '{0,0}', COMBINEFUNC = stats.avg_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE stats.my_avg(numeric) IS 'average, the long way';
