-- current

-- desired
CREATE TABLE t (id int, note text); ALTER TABLE t REPLICA IDENTITY FULL;
