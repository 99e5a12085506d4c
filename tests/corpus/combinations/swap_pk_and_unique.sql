-- current
CREATE TABLE t (id int PRIMARY KEY, code text NOT NULL UNIQUE);
-- desired
CREATE TABLE t (id int NOT NULL UNIQUE, code text PRIMARY KEY);
