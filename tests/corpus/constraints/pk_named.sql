-- current
-- desired
CREATE TABLE t (id int CONSTRAINT t_primary PRIMARY KEY);
