-- current
CREATE FUNCTION start_at() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 10';
CREATE DOMAIN counter AS integer DEFAULT start_at() CHECK (VALUE >= 0);
CREATE TABLE t (a counter);
-- desired
CREATE FUNCTION start_at(base integer DEFAULT 10) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT base';
CREATE DOMAIN counter AS integer DEFAULT start_at() CHECK (VALUE >= 0);
CREATE TABLE t (a counter);
