-- current
-- desired
CREATE TABLE t (v int, CONSTRAINT v_ok CHECK (v > 0) NO INHERIT);
