-- current
CREATE TABLE t (a int);
-- desired
CREATE TABLE t (a int); COMMENT ON COLUMN t.a IS 'the a';
