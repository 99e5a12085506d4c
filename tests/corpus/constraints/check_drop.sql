-- current
CREATE TABLE t (price numeric CHECK (price > 0));
-- desired
CREATE TABLE t (price numeric);
