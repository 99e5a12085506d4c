-- current
CREATE TABLE t (a int); COMMENT ON TABLE t IS 'things';
-- desired
CREATE TABLE t (a int);
