-- current
CREATE TABLE t (v boolean);
-- desired
CREATE TABLE t (v int);
