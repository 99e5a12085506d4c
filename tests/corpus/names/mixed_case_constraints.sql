-- current
-- desired
CREATE TABLE t (id int CONSTRAINT "PK_T" PRIMARY KEY, v int CONSTRAINT "Check V" CHECK (v > 0));
