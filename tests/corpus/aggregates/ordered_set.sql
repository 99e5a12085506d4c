-- current
-- desired
CREATE FUNCTION os_step(s numeric[], x numeric) RETURNS numeric[] LANGUAGE sql IMMUTABLE AS 'SELECT s || x';
CREATE FUNCTION os_final(s numeric[], p numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT s[1] * p';
CREATE AGGREGATE first_times(numeric ORDER BY numeric) (SFUNC = os_step, STYPE = numeric[], FINALFUNC = os_final);
