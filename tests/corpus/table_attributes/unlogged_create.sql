-- current

-- desired
CREATE UNLOGGED TABLE t (id int PRIMARY KEY, note text); CREATE INDEX t_note ON t (note);
