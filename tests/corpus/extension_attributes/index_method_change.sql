-- current
CREATE EXTENSION pg_trgm;
CREATE TABLE doc (id int PRIMARY KEY, title text);
CREATE INDEX doc_title ON doc USING gin (title gin_trgm_ops);
-- desired
CREATE EXTENSION pg_trgm;
CREATE TABLE doc (id int PRIMARY KEY, title text);
CREATE INDEX doc_title ON doc USING gist (title gist_trgm_ops);
