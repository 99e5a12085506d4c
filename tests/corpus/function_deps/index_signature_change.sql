-- current
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (a integer);
CREATE INDEX t_twice ON t (twice(a));
-- desired
CREATE FUNCTION twice(x integer, y integer DEFAULT 2) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * y';
CREATE TABLE t (a integer);
CREATE INDEX t_twice ON t (twice(a));
