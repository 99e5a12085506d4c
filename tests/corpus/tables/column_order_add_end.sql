-- current
CREATE TABLE t (a int, b int);
-- desired
CREATE TABLE t (a int, b int, c int);
