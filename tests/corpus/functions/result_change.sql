-- current
CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x';
-- desired
CREATE FUNCTION f(x integer) RETURNS TABLE(a integer, "B c" text) LANGUAGE sql AS 'SELECT x, x::text';
