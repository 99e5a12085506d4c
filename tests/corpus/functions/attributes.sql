-- current
CREATE FUNCTION f(x integer) RETURNS SETOF integer LANGUAGE sql AS 'SELECT x';
-- desired
CREATE FUNCTION f(x integer) RETURNS SETOF integer LANGUAGE sql STABLE STRICT SECURITY DEFINER
  COST 5 ROWS 10 SET search_path = public, pg_temp SET work_mem = '64MB' AS 'SELECT x';
