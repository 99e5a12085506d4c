-- current
CREATE FUNCTION norm(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(x)';
CREATE TABLE t (a text);
CREATE INDEX t_norm ON t (norm(a));
-- desired
CREATE FUNCTION norm(x text) RETURNS varchar LANGUAGE sql IMMUTABLE AS 'SELECT lower(x)';
CREATE TABLE t (a text);
CREATE INDEX t_norm ON t (norm(a));
