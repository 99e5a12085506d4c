-- current
CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
CREATE FUNCTION f(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT x || ''!''';
CREATE TABLE t (a integer, s text);
CREATE INDEX t_fa ON t (f(a));
CREATE INDEX t_fs ON t (f(s));
-- desired
CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
CREATE FUNCTION f(x text) RETURNS varchar LANGUAGE sql IMMUTABLE AS 'SELECT x || ''!''';
CREATE TABLE t (a integer, s text);
CREATE INDEX t_fa ON t (f(a));
CREATE INDEX t_fs ON t (f(s));
