-- current
CREATE TABLE t (id int PRIMARY KEY, note text); ALTER TABLE t CLUSTER ON t_pkey;
-- desired
CREATE TABLE t (id int PRIMARY KEY, note text);
