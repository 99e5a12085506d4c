-- current
CREATE TABLE t (a int);
-- desired
CREATE TABLE t (a int); CREATE INDEX t_a ON t (a); COMMENT ON INDEX t_a IS 'lookup';
