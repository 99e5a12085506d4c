-- current
CREATE TABLE t (a int CONSTRAINT t_a_unique UNIQUE);
-- desired
CREATE TABLE t (a int CONSTRAINT t_a_uq UNIQUE);
