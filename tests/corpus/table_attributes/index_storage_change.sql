-- current
CREATE TABLE t (id int PRIMARY KEY, note text); CREATE INDEX t_note ON t (note) WITH (fillfactor = 70);
-- desired
CREATE TABLE t (id int PRIMARY KEY, note text); CREATE INDEX t_note ON t (note) WITH (fillfactor = 90);
