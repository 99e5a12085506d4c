-- current
CREATE FUNCTION cnt_step(s bigint, x anyelement) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT s + 1';
CREATE FUNCTION cnt_final(s bigint, x anyelement) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT s';
CREATE AGGREGATE cnt(anyelement) (SFUNC = cnt_step, STYPE = bigint, INITCOND = '0',
  FINALFUNC = cnt_final, FINALFUNC_EXTRA);
-- desired
CREATE FUNCTION cnt_step(s bigint, x anyelement) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT s + 1';
CREATE FUNCTION cnt_final(s bigint, x anyelement) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT s';
CREATE AGGREGATE cnt(anyelement) (SFUNC = cnt_step, STYPE = bigint, INITCOND = '0',
  FINALFUNC = cnt_final, FINALFUNC_EXTRA, FINALFUNC_MODIFY = SHAREABLE);
