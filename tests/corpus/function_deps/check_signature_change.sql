-- current
CREATE FUNCTION small(x integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT x < 100';
CREATE TABLE t (a integer CONSTRAINT t_small CHECK (small(a)));
-- desired
CREATE FUNCTION small(x integer, lim integer DEFAULT 100) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT x < lim';
CREATE TABLE t (a integer CONSTRAINT t_small CHECK (small(a)));
