-- current
CREATE TABLE t (price numeric);
-- desired
CREATE TABLE t (price numeric CHECK (price > 0));
