-- current
-- desired
CREATE TYPE floatrange AS RANGE (SUBTYPE = float8);
CREATE AGGREGATE range_hull(floatrange) (SFUNC = range_merge, STYPE = floatrange);
CREATE TABLE t (span floatrange);
CREATE VIEW v AS SELECT range_hull(span) AS hull FROM t;
