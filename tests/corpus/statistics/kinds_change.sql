-- current
CREATE TABLE t (a int, b int);
CREATE STATISTICS s1 (ndistinct) ON a, b FROM t;
-- desired
CREATE TABLE t (a int, b int);
CREATE STATISTICS s1 (ndistinct, dependencies) ON a, b FROM t;
