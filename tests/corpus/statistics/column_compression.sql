-- current
CREATE TABLE t (a int, b text);
-- desired
CREATE TABLE t (a int, b text COMPRESSION pglz);
