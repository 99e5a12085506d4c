-- current
CREATE TABLE t (a int); COMMENT ON COLUMN t.a IS 'x';
-- desired
CREATE TABLE t (a int); COMMENT ON COLUMN t.a IS 'y';
