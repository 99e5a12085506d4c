-- current
CREATE TABLE t (id int PRIMARY KEY, note text) WITH (autovacuum_vacuum_scale_factor = 0.2, fillfactor = 70);
-- desired
CREATE TABLE t (id int PRIMARY KEY, note text) WITH (autovacuum_enabled = false, autovacuum_vacuum_scale_factor = 0.2, fillfactor = 80);
