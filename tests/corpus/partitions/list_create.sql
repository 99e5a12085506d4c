-- current
-- desired
CREATE TABLE t (region text, v int) PARTITION BY LIST (region); CREATE TABLE t_eu PARTITION OF t FOR VALUES IN ('de', 'fr'); CREATE TABLE t_us PARTITION OF t FOR VALUES IN ('us');
