-- current
CREATE TABLE t (a int); CREATE TABLE u (b int); CREATE SEQUENCE s OWNED BY t.a;
-- desired
CREATE TABLE u (b int); CREATE SEQUENCE s OWNED BY u.b;
