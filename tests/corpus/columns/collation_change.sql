-- current
CREATE TABLE t (v text COLLATE "C");
-- desired
CREATE TABLE t (v text COLLATE "POSIX");
