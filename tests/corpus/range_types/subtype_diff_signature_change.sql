-- current
CREATE FUNCTION time_subtype_diff(x time, y time) RETURNS float8 LANGUAGE sql IMMUTABLE STRICT AS 'SELECT EXTRACT(EPOCH FROM (x - y))';
CREATE TYPE timerange AS RANGE (SUBTYPE = time, SUBTYPE_DIFF = time_subtype_diff);
-- desired
CREATE FUNCTION time_subtype_diff(a time, b time) RETURNS float8 LANGUAGE sql IMMUTABLE STRICT AS 'SELECT EXTRACT(EPOCH FROM (a - b))';
CREATE TYPE timerange AS RANGE (SUBTYPE = time, SUBTYPE_DIFF = time_subtype_diff);
