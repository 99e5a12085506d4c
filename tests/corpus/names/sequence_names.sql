-- current
-- desired
CREATE TABLE t (id serial, n int GENERATED ALWAYS AS IDENTITY); CREATE SEQUENCE t_extra_seq;
