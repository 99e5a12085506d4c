-- requires: 180000
-- current
CREATE TABLE t (a int NOT NULL);
-- desired
CREATE TABLE t (a int NOT NULL, g int NOT NULL GENERATED ALWAYS AS (a * 10) VIRTUAL);
