-- requires: 180000
-- current
CREATE TABLE t (a int, v int GENERATED ALWAYS AS (a * 2) VIRTUAL);
-- desired
CREATE TABLE t (a int);
