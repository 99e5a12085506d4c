-- current
CREATE FUNCTION f(x integer, OUT y integer) LANGUAGE sql AS 'SELECT x';
-- desired
CREATE FUNCTION f(z integer, OUT y integer) LANGUAGE sql AS 'SELECT z';
