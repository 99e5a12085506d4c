-- current
CREATE TABLE t (id int PRIMARY KEY, a varchar(10), b int DEFAULT 1, d int UNIQUE, c text NOT NULL); CREATE INDEX t_a ON t (a); COMMENT ON TABLE t IS 'x';
-- desired
CREATE TABLE t (id bigint PRIMARY KEY, a varchar(20) NOT NULL, b int DEFAULT 2, d int CHECK (d > 0), e jsonb); CREATE INDEX t_a ON t (a DESC); COMMENT ON TABLE t IS 'y'; COMMENT ON COLUMN t.a IS 'A';
