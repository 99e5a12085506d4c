-- current
-- desired
CREATE FUNCTION add(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT a + b';
COMMENT ON FUNCTION add(integer, integer) IS 'sum';
