-- current
CREATE TABLE t (a int);
-- desired
CREATE TABLE t (a int, id serial);
