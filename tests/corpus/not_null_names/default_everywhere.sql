-- current
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text NOT NULL, b text NOT NULL);
