-- current
CREATE TABLE t (d jsonb);
-- desired
CREATE TABLE t (d jsonb NOT NULL DEFAULT '{}'::jsonb);
