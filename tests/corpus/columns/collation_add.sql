-- current
CREATE TABLE t (v text);
-- desired
CREATE TABLE t (v text COLLATE "C");
