-- current
CREATE FUNCTION base(a integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN a * 2;
CREATE FUNCTION outer_fn(a integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN base(a) + 1;
-- desired
CREATE FUNCTION base(a integer) RETURNS bigint LANGUAGE sql IMMUTABLE RETURN a * 2;
CREATE FUNCTION outer_fn(a integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN base(a) + 1;
