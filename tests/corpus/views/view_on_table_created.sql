-- current
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text, b int);CREATE VIEW v AS SELECT * FROM t;
