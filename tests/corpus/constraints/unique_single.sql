-- current
CREATE TABLE t (email text);
-- desired
CREATE TABLE t (email text UNIQUE);
