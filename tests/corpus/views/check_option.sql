-- current
CREATE TABLE t (id int PRIMARY KEY, a text, b int);
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text, b int);CREATE VIEW v AS SELECT id, b FROM t WHERE b > 0 WITH CHECK OPTION;
