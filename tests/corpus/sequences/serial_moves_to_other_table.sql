-- current
CREATE TABLE t (x int, a serial); CREATE TABLE u (y int);
-- desired
CREATE SEQUENCE t_a_seq AS integer; CREATE TABLE t (x int); CREATE TABLE u (y int, b integer NOT NULL DEFAULT nextval('t_a_seq')); ALTER SEQUENCE t_a_seq OWNED BY u.b;
