-- current
-- desired
CREATE TYPE floatrange AS RANGE (SUBTYPE = float8);
CREATE FUNCTION width(r floatrange) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT upper(r) - lower(r)';
CREATE TABLE t (span floatrange);
CREATE VIEW v AS SELECT width(span) AS w FROM t;
