-- current
CREATE TABLE t (a int, b int);
-- desired
CREATE TABLE t (a int, b int);
CREATE STATISTICS s1 (ndistinct, dependencies, mcv) ON b, a FROM t;
