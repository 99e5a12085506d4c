-- current
CREATE TYPE floatrange AS RANGE (SUBTYPE = float8);
CREATE TABLE t (id integer);
-- desired
CREATE TYPE floatrange AS RANGE (SUBTYPE = float8);
CREATE TABLE t (id integer, span floatrange);
CREATE INDEX t_span_idx ON t USING gist (span);
