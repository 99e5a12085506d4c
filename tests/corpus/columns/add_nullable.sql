-- current
CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL);
-- desired
CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL, bio text);
