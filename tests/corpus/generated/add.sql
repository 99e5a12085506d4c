-- current
CREATE TABLE t (a int, b int);
-- desired
CREATE TABLE t (a int, b int, s int GENERATED ALWAYS AS (a + b) STORED);
