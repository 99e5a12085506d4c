-- current
CREATE TABLE t (id int, v text);
-- desired
CREATE TABLE t (id int, v text NOT NULL);
