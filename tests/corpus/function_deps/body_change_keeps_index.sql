-- current
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (a integer DEFAULT twice(1));
CREATE INDEX t_twice ON t (twice(a));
-- desired
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + x';
CREATE TABLE t (a integer DEFAULT twice(1));
CREATE INDEX t_twice ON t (twice(a));
