-- current
CREATE TABLE t (v timestamptz);
-- desired
CREATE TABLE t (v timestamptz(3));
