-- current
CREATE FUNCTION bucket(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x / 10';
CREATE TABLE t (a integer, CONSTRAINT t_excl EXCLUDE USING btree (bucket(a) WITH =));
-- desired
CREATE FUNCTION bucket(n integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT n / 10';
CREATE TABLE t (a integer, CONSTRAINT t_excl EXCLUDE USING btree (bucket(a) WITH =));
