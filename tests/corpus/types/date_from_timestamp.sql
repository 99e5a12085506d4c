-- current
CREATE TABLE t (v timestamp);
-- desired
CREATE TABLE t (v date);
