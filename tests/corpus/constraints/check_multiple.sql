-- current
CREATE TABLE t (a int, b int);
-- desired
CREATE TABLE t (a int CHECK (a > 0), b int CHECK (b > 0), CHECK (a < b));
