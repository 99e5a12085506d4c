-- current

-- desired
CREATE TABLE t (id int PRIMARY KEY, note text); CREATE INDEX t_note ON t (note); ALTER TABLE t CLUSTER ON t_note;
