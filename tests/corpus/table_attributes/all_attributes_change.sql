-- current
CREATE TABLE t (id int PRIMARY KEY, code text NOT NULL, qty int) WITH (fillfactor = 60); CREATE UNIQUE INDEX t_code ON t (code); ALTER TABLE t CLUSTER ON t_pkey; ALTER TABLE t REPLICA IDENTITY FULL;
-- desired
CREATE UNLOGGED TABLE t (id int PRIMARY KEY, code text NOT NULL, qty int) WITH (autovacuum_enabled = false); CREATE UNIQUE INDEX t_code ON t (code); ALTER TABLE t CLUSTER ON t_code; ALTER TABLE t REPLICA IDENTITY USING INDEX t_code;
