-- current
CREATE TABLE t (v smallint);
-- desired
CREATE TABLE t (v integer);
