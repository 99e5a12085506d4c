-- requires: 180000
-- current
CREATE TABLE t (a int, b int);
-- desired
CREATE TABLE t (a int, b int, v int GENERATED ALWAYS AS (a + b) VIRTUAL);
