-- current
CREATE TABLE t (id bigint NOT NULL);
-- desired
CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY);
