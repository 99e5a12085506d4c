-- current
CREATE TABLE t (id int, at date);
-- desired
CREATE TABLE t (id int, at date) PARTITION BY RANGE (at); CREATE TABLE t_all PARTITION OF t DEFAULT;
