-- current

-- desired
CREATE COLLATION bytes (locale = 'C');
CREATE TABLE t (id bigint PRIMARY KEY, code text COLLATE bytes NOT NULL);
