-- requires: 180000
-- current
CREATE TABLE t (a int);
-- desired
CREATE TABLE t (a int, b int CONSTRAINT b_nn NOT NULL);
