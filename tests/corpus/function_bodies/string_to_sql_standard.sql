-- current
CREATE FUNCTION add_one(a integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a + 1';
-- desired
CREATE FUNCTION add_one(a integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN a + 1;
