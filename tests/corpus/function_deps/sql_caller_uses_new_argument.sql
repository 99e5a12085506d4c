-- current
CREATE FUNCTION inner_f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
CREATE FUNCTION outer_f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT public.inner_f(x) * 2';
CREATE TABLE t (a integer);
CREATE INDEX t_outer ON t (outer_f(a));
-- desired
CREATE FUNCTION inner_f(x integer, y integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + y';
CREATE FUNCTION outer_f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT public.inner_f(x, 3) * 2';
CREATE TABLE t (a integer);
CREATE INDEX t_outer ON t (outer_f(a));
