-- current
CREATE TABLE t (a int UNIQUE);
-- desired
CREATE TABLE t (a int UNIQUE); COMMENT ON CONSTRAINT t_a_key ON t IS 'unique a';
