-- current
CREATE TABLE t (v int, w date);
-- desired
CREATE TABLE t (v int DEFAULT (1 + 2), w date DEFAULT (CURRENT_DATE + 7));
