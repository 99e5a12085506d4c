-- current

-- desired
CREATE TABLE t (id int PRIMARY KEY, note text) WITH (autovacuum_vacuum_scale_factor = 0.05, fillfactor = 50, vacuum_index_cleanup = auto);
