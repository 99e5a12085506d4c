-- current
CREATE TABLE t (a int, b text, c int NOT NULL);
-- desired
CREATE TABLE t (a bigint NOT NULL, b text DEFAULT 'x', d int);
