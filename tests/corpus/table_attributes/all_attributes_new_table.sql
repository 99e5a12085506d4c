-- current

-- desired
CREATE UNLOGGED TABLE t (id int PRIMARY KEY, code text NOT NULL, qty int) WITH (autovacuum_enabled = false, fillfactor = 60); CREATE UNIQUE INDEX t_code ON t (code); ALTER TABLE t CLUSTER ON t_code; ALTER TABLE t REPLICA IDENTITY USING INDEX t_code; ALTER TABLE t ADD CONSTRAINT qty_positive CHECK (qty > 0) NOT VALID;
