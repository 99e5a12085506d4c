-- current
CREATE TABLE t (email text UNIQUE);
-- desired
CREATE TABLE t (email text);
