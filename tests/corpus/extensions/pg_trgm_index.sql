-- current
CREATE TABLE t (name text);
-- desired
CREATE EXTENSION pg_trgm; CREATE TABLE t (name text); CREATE INDEX t_name_trgm ON t USING gin (name gin_trgm_ops);
