-- current
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text UNIQUE CHECK (a <> '')); COMMENT ON TABLE t IS 'T'; COMMENT ON COLUMN t.a IS 'A'; COMMENT ON CONSTRAINT t_a_key ON t IS 'U'; COMMENT ON CONSTRAINT t_a_check ON t IS 'C';
