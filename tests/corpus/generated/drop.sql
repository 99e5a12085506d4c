-- current
CREATE TABLE t (a int, s int GENERATED ALWAYS AS (a * 2) STORED);
-- desired
CREATE TABLE t (a int);
