-- current
CREATE FUNCTION start_value() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 7';
CREATE TABLE t (a integer DEFAULT start_value());
-- desired
CREATE FUNCTION start_value(base integer DEFAULT 7) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT base';
CREATE TABLE t (a integer DEFAULT start_value());
