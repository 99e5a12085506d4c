-- current
CREATE TABLE t (a int);
-- desired
CREATE TABLE t (a int, CONSTRAINT t_a_key UNIQUE NULLS NOT DISTINCT (a));
