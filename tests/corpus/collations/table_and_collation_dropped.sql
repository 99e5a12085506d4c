-- current
CREATE COLLATION bytes (locale = 'C');
CREATE TABLE t (id bigint PRIMARY KEY, code text COLLATE bytes);
-- desired

