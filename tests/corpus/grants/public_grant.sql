-- current
CREATE TABLE t (id integer);
-- desired
CREATE TABLE t (id integer);
GRANT SELECT ON t TO PUBLIC;
