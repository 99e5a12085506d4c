-- current
CREATE EXTENSION bloom;
CREATE TABLE t (a int, b int, c int);
-- desired
CREATE EXTENSION bloom;
CREATE TABLE t (a int, b int, c int);
CREATE INDEX t_bloom ON t USING bloom (a, b, c) WITH (col1 = 2, length = 80);
