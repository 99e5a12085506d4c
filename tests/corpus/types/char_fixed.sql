-- current
CREATE TABLE t (v char(2));
-- desired
CREATE TABLE t (v char(3));
