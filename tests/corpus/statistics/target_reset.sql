-- current
CREATE TABLE t (a int, b int);
CREATE STATISTICS s1 ON a, b FROM t;
ALTER STATISTICS s1 SET STATISTICS 0;
-- desired
CREATE TABLE t (a int, b int);
CREATE STATISTICS s1 ON a, b FROM t;
