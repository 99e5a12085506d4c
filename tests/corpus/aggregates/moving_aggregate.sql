-- current
-- desired
CREATE FUNCTION msum_step(s bigint, x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT s + x';
CREATE FUNCTION msum_inv(s bigint, x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT s - x';
CREATE AGGREGATE msum(integer) (SFUNC = msum_step, STYPE = bigint, INITCOND = '0',
  MSFUNC = msum_step, MINVFUNC = msum_inv, MSTYPE = bigint, MINITCOND = '0', MSSPACE = 8);
