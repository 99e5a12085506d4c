-- current
CREATE TABLE t (id int, a text, b text);
-- desired
CREATE TABLE t (id int, a text);
