-- current
CREATE TABLE t (id int CONSTRAINT t_pk PRIMARY KEY);
-- desired
CREATE TABLE t (id int CONSTRAINT t_primary PRIMARY KEY);
