-- current
-- desired
CREATE TABLE t (a bit(8), b bit varying(16), c varbit);
