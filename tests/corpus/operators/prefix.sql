-- current
-- desired
CREATE FUNCTION twice(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 2';
CREATE OPERATOR ## (FUNCTION = twice, RIGHTARG = integer);
COMMENT ON OPERATOR ## (NONE, integer) IS 'doubles';
