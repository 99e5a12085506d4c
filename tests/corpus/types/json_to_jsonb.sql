-- current
CREATE TABLE t (v json);
-- desired
CREATE TABLE t (v jsonb);
