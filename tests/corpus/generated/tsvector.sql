-- current
-- desired
CREATE TABLE doc (body text, tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(body, ''))) STORED); CREATE INDEX doc_tsv ON doc USING gin (tsv);
