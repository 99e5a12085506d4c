-- current
CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);
-- desired
CREATE TABLE t (id int NOT NULL);
