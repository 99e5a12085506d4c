-- current

-- desired
CREATE TABLE t (id int PRIMARY KEY, note text); ALTER TABLE t REPLICA IDENTITY USING INDEX t_pkey;
