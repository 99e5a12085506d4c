-- current
CREATE TABLE t (b int, a int); CREATE SEQUENCE s OWNED BY t.a;
-- desired
CREATE TABLE t (b int); CREATE SEQUENCE s OWNED BY t.b;
