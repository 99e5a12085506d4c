-- current
CREATE TABLE t (lo int, hi int);
-- desired
CREATE TABLE t (lo int, hi int, CONSTRAINT range_ok CHECK (lo <= hi));
