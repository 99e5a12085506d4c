-- current
CREATE TABLE t (v int);
-- desired
CREATE TABLE t (v text);
