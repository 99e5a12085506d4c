-- current
CREATE FUNCTION ok(x integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT x > 0';
CREATE TABLE t (a integer CONSTRAINT t_ok CHECK (ok(a)));
CREATE INDEX t_ok_ix ON t (a) WHERE ok(a);
-- desired
CREATE FUNCTION ok(v integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT v > 0';
CREATE TABLE t (a integer CONSTRAINT t_ok CHECK (ok(a)));
CREATE INDEX t_ok_ix ON t (a) WHERE ok(a);
