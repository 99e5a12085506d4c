-- current
CREATE TABLE t (id int); CREATE SEQUENCE s OWNED BY t.id;
-- desired
CREATE TABLE t (id int); CREATE SEQUENCE s;
