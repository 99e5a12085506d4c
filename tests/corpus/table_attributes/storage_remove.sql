-- current
CREATE TABLE t (id int PRIMARY KEY, note text) WITH (autovacuum_enabled = off, fillfactor = 70);
-- desired
CREATE TABLE t (id int PRIMARY KEY, note text);
