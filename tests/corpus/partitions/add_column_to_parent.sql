-- current
CREATE TABLE t (id int, r text) PARTITION BY LIST (r); CREATE TABLE t_a PARTITION OF t FOR VALUES IN ('a');
-- desired
CREATE TABLE t (id int, r text, note text) PARTITION BY LIST (r); CREATE TABLE t_a PARTITION OF t FOR VALUES IN ('a');
