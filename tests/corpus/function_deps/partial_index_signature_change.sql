-- current
CREATE FUNCTION positive(x integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT x > 0';
CREATE TABLE t (a integer);
CREATE INDEX t_pos ON t (a) WHERE positive(a);
-- desired
CREATE FUNCTION positive(v integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT v > 0';
CREATE TABLE t (a integer);
CREATE INDEX t_pos ON t (a) WHERE positive(a);
