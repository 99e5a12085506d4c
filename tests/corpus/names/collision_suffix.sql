-- current
-- desired
CREATE TABLE t (a int); CREATE INDEX ON t (a); CREATE INDEX ON t (a); CREATE INDEX ON t (a);
