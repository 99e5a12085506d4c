-- current
-- desired
CREATE TABLE t (p point, l line, b box, c circle, pg polygon);
