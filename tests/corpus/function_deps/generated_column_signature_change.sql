-- current
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (a integer, b integer GENERATED ALWAYS AS (twice(a)) STORED);
-- desired
CREATE FUNCTION twice(n integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT n * 2';
CREATE TABLE t (a integer, b integer GENERATED ALWAYS AS (twice(a)) STORED);
