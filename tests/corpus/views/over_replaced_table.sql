-- current
CREATE TABLE t (id int, v text); CREATE VIEW w AS SELECT id, v FROM t;
-- desired
CREATE TABLE t (id int, v text) PARTITION BY RANGE (id); CREATE VIEW w AS SELECT id, v FROM t;
