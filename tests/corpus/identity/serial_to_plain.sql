-- current
CREATE TABLE t (id bigserial PRIMARY KEY);
-- desired
CREATE TABLE t (id bigint PRIMARY KEY);
