-- current

-- desired
CREATE TABLE t (a int, b int, c int);
CREATE STATISTICS s1 (mcv) ON a, b, c FROM t;
ALTER STATISTICS s1 SET STATISTICS 250;
COMMENT ON STATISTICS s1 IS 'x';
