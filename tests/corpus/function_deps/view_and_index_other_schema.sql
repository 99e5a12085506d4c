-- current
CREATE SCHEMA util;
CREATE FUNCTION util.norm(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(x)';
CREATE TABLE t (a text);
CREATE INDEX t_norm ON t (util.norm(a));
CREATE VIEW v AS SELECT util.norm(a) AS n FROM t;
-- desired
CREATE SCHEMA util;
CREATE FUNCTION util.norm(s text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(s)';
CREATE TABLE t (a text);
CREATE INDEX t_norm ON t (util.norm(a));
CREATE VIEW v AS SELECT util.norm(a) AS n FROM t;
