-- current
CREATE TABLE t (id int, r text) PARTITION BY LIST (r); CREATE TABLE t_a PARTITION OF t FOR VALUES IN ('a');
-- desired
CREATE TABLE t (id int, r text) PARTITION BY LIST (r); CREATE TABLE t_a PARTITION OF t FOR VALUES IN ('a'); CREATE INDEX t_a_local ON t_a (id);
