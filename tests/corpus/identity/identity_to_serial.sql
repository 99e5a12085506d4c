-- current
CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, x int);
-- desired
CREATE TABLE t (id bigserial PRIMARY KEY, x int);
