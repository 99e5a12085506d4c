-- current
CREATE TABLE t (a int, b text);
-- desired
CREATE TABLE t (a int, b text);
CREATE STATISTICS s_expr ON a, (lower(b)) FROM t;
