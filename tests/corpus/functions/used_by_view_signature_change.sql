-- current
CREATE TABLE t (a integer);
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE VIEW v AS SELECT twice(a) AS b FROM t;
-- desired
CREATE TABLE t (a integer);
CREATE FUNCTION twice(x bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE VIEW v AS SELECT twice(a) AS b FROM t;
