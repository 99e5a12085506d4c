-- current
-- desired
CREATE SCHEMA s; CREATE TABLE s.t (a int, b text); CREATE INDEX ON s.t (a); CREATE UNIQUE INDEX t_b ON s.t (b);
