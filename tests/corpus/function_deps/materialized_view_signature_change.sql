-- current
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (a integer);
CREATE MATERIALIZED VIEW mv AS SELECT twice(a) AS b FROM t;
CREATE INDEX mv_b ON mv (b);
-- desired
CREATE FUNCTION twice(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (a integer);
CREATE MATERIALIZED VIEW mv AS SELECT twice(a) AS b FROM t;
CREATE INDEX mv_b ON mv (b);
