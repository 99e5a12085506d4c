-- current
CREATE TABLE t (id int);
-- desired
CREATE TABLE t (id int); CREATE SEQUENCE t_id_seq OWNED BY t.id;
