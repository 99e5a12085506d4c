-- current
CREATE TABLE t (id int PRIMARY KEY);
-- desired
CREATE TABLE t (id int NOT NULL);
