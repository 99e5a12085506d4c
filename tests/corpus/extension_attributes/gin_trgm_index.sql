-- current
CREATE EXTENSION pg_trgm;
CREATE TABLE doc (id int PRIMARY KEY, title text);
-- desired
CREATE EXTENSION pg_trgm;
CREATE TABLE doc (id int PRIMARY KEY, title text);
CREATE INDEX doc_title_trgm ON doc USING gin (title gin_trgm_ops);
