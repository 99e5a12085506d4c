-- current
CREATE FUNCTION seed() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1';
CREATE TABLE t (a integer DEFAULT seed());
-- desired
CREATE FUNCTION seed(base integer DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT base';
CREATE TABLE t (a integer DEFAULT seed(5));
