-- current
CREATE TABLE t (x int, a serial);
-- desired
CREATE SEQUENCE t_a_seq AS integer; CREATE TABLE t (x int, b integer NOT NULL DEFAULT nextval('t_a_seq')); ALTER SEQUENCE t_a_seq OWNED BY t.b;
