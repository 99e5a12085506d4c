-- current
CREATE TABLE t (a int, b int, c int);
CREATE STATISTICS s1 ON a, c FROM t;
-- desired
CREATE TABLE t (a int, b int);
