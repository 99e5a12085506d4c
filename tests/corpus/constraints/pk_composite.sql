-- current
CREATE TABLE t (a int NOT NULL, b int NOT NULL);
-- desired
CREATE TABLE t (a int, b int, PRIMARY KEY (a, b));
