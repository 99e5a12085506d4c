-- current
CREATE TABLE t (a int, id bigserial);
-- desired
CREATE TABLE t (a int);
