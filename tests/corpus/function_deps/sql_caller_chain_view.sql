-- current
CREATE FUNCTION base_f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
CREATE FUNCTION mid_f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT public.base_f(x) + 1';
CREATE FUNCTION top_f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT public.mid_f(x) + 1';
CREATE TABLE t (a integer);
CREATE VIEW v AS SELECT top_f(a) AS b FROM t;
-- desired
CREATE FUNCTION base_f(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
CREATE FUNCTION mid_f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT (public.base_f(x) + 1)::integer';
CREATE FUNCTION top_f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT public.mid_f(x) + 1';
CREATE TABLE t (a integer);
CREATE VIEW v AS SELECT top_f(a) AS b FROM t;
