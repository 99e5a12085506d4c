-- current
CREATE FUNCTION msum_step(s bigint, x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT s + x';
CREATE FUNCTION msum_inv(s bigint, x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT s - x';
CREATE FUNCTION msum_final(s bigint) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT s::numeric';
CREATE AGGREGATE msum(integer) (SFUNC = msum_step, STYPE = bigint, INITCOND = '0', FINALFUNC = msum_final);
CREATE VIEW totals AS SELECT msum(x) OVER (ORDER BY x ROWS 2 PRECEDING) AS s FROM (VALUES (1), (2)) v(x);
-- desired
CREATE FUNCTION msum_step(s bigint, x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT s + x';
CREATE FUNCTION msum_inv(s bigint, x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT s - x';
CREATE FUNCTION msum_final(s bigint) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT s::numeric';
CREATE AGGREGATE msum(integer) (SFUNC = msum_step, STYPE = bigint, INITCOND = '0', FINALFUNC = msum_final,
  MSFUNC = msum_step, MINVFUNC = msum_inv, MSTYPE = bigint, MINITCOND = '0', MFINALFUNC = msum_final);
CREATE VIEW totals AS SELECT msum(x) OVER (ORDER BY x ROWS 2 PRECEDING) AS s FROM (VALUES (1), (2)) v(x);
