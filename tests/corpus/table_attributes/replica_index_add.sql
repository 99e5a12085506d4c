-- current
CREATE TABLE t (id int PRIMARY KEY, code text NOT NULL); CREATE UNIQUE INDEX t_code ON t (code);
-- desired
CREATE TABLE t (id int PRIMARY KEY, code text NOT NULL); CREATE UNIQUE INDEX t_code ON t (code); ALTER TABLE t REPLICA IDENTITY USING INDEX t_code;
