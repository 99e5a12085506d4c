-- current
CREATE TABLE t (v int CONSTRAINT v_ok CHECK (v > 0));
-- desired
CREATE TABLE t (v int CONSTRAINT v_ok CHECK (v > 0 AND v < 100));
