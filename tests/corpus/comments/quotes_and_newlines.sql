-- current
CREATE TABLE t (a int);
-- desired
CREATE TABLE t (a int); COMMENT ON TABLE t IS E'it''s\nmultiline';
