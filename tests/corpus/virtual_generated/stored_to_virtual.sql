-- requires: 180000
-- current
CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a + 1) STORED);
-- desired
CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a + 1) VIRTUAL);
