-- current
CREATE TABLE t (id int, v text NOT NULL);
-- desired
CREATE TABLE t (id int, v text);
