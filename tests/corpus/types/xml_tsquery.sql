-- current
-- desired
CREATE TABLE t (x xml, q tsquery, v tsvector);
