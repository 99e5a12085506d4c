-- current
CREATE TABLE t (id int NOT NULL);
-- desired
CREATE TABLE t (id int PRIMARY KEY);
