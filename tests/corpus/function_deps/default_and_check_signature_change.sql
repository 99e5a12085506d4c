-- current
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (a integer DEFAULT twice(1) CHECK (twice(a) < 100), b integer);
CREATE INDEX t_twice ON t (twice(a));
CREATE VIEW v AS SELECT twice(a) AS b FROM t;
-- desired
CREATE FUNCTION twice(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (a integer DEFAULT twice(1) CHECK (twice(a) < 100), b integer);
CREATE INDEX t_twice ON t (twice(a));
CREATE VIEW v AS SELECT twice(a) AS b FROM t;
