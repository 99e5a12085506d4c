-- current
CREATE TABLE t (v numeric(10,2));
-- desired
CREATE TABLE t (v numeric(12,4));
