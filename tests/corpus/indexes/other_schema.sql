-- current
CREATE SCHEMA s; CREATE TABLE s.t (a int);
-- desired
CREATE SCHEMA s; CREATE TABLE s.t (a int); CREATE INDEX t_a ON s.t (a);
