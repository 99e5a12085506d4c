-- current
CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a';
-- desired
CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a';
REVOKE EXECUTE ON FUNCTION f(integer) FROM PUBLIC;
