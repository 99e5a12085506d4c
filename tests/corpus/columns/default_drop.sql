-- current
CREATE TABLE t (v int DEFAULT 0);
-- desired
CREATE TABLE t (v int);
