-- current
CREATE TABLE t (a integer);
CREATE FUNCTION acc(s integer, x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT s + x';
CREATE AGGREGATE total(integer) (SFUNC = acc, STYPE = integer, INITCOND = '0');
CREATE VIEW v AS SELECT total(a) AS s FROM t;
-- desired
CREATE TABLE t (a integer);
CREATE FUNCTION acc(s integer, y integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT s + y';
CREATE AGGREGATE total(integer) (SFUNC = acc, STYPE = integer, INITCOND = '0');
CREATE VIEW v AS SELECT total(a) AS s FROM t;
