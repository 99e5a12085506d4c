-- current
CREATE TABLE t (a int, b int);
-- desired
CREATE TABLE t (a int, b int, CONSTRAINT t_a_b_uq UNIQUE (a, b));
