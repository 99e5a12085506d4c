-- current
CREATE TABLE t (id int, r text) PARTITION BY LIST (r);
-- desired
CREATE TABLE t (id int, r text, UNIQUE (id, r)) PARTITION BY LIST (r); CREATE TABLE t_a PARTITION OF t FOR VALUES IN ('a');
