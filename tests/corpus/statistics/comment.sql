-- current
CREATE TABLE t (a int, b int);
CREATE STATISTICS s1 ON a, b FROM t;
-- desired
CREATE TABLE t (a int, b int);
CREATE STATISTICS s1 ON a, b FROM t;
COMMENT ON STATISTICS s1 IS 'it''s correlated';
