-- current
CREATE TABLE t (id int PRIMARY KEY, note text) WITH (fillfactor = 50, log_autovacuum_min_duration = 0);
-- desired

