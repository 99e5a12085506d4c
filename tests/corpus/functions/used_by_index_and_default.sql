-- current
-- desired
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (a integer DEFAULT twice(1) CHECK (twice(a) < 100));
CREATE INDEX t_twice ON t (twice(a));
CREATE VIEW v AS SELECT twice(a) AS b FROM t;
