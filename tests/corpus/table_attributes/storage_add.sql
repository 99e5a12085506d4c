-- current
CREATE TABLE t (id int PRIMARY KEY, note text);
-- desired
CREATE TABLE t (id int PRIMARY KEY, note text) WITH (fillfactor = 70);
