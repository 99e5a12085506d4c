-- current
-- desired
CREATE TABLE t (a int4range, b tstzrange, c daterange, d numrange);
