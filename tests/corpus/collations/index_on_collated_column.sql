-- current

-- desired
CREATE COLLATION bytes (locale = 'C');
CREATE TABLE t (v text COLLATE bytes);
CREATE INDEX t_v_idx ON t (v);
