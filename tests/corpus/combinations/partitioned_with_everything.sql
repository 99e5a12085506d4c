-- current
-- desired
CREATE TYPE level AS ENUM ('info', 'warn', 'error');
CREATE TABLE log (id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz NOT NULL, lvl level NOT NULL DEFAULT 'info', msg text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE INDEX log_lvl ON log (lvl) WHERE lvl <> 'info';
CREATE TABLE log_2024 PARTITION OF log FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE log_rest PARTITION OF log DEFAULT;
COMMENT ON TABLE log IS 'application log';
