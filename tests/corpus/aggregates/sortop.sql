-- current
CREATE FUNCTION bigger(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS 'SELECT greatest(a, b)';
CREATE AGGREGATE my_max(integer) (SFUNC = bigger, STYPE = integer);
-- desired
CREATE FUNCTION bigger(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS 'SELECT greatest(a, b)';
CREATE AGGREGATE my_max(integer) (SFUNC = bigger, STYPE = integer, SORTOP = >);
