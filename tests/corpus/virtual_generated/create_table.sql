-- requires: 180000
-- current
-- desired
CREATE TABLE t (a text, v int GENERATED ALWAYS AS (length(a)) VIRTUAL, s int GENERATED ALWAYS AS (length(a) * 2) STORED);
