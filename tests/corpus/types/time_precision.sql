-- current
CREATE TABLE t (v time);
-- desired
CREATE TABLE t (v time(0) with time zone);
