-- current
CREATE TABLE t (id int PRIMARY KEY, a text, b int);
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text, b int);CREATE VIEW v1 AS SELECT id, b FROM t; CREATE VIEW v2 AS SELECT id FROM v1 WHERE b > 1; CREATE VIEW v3 AS SELECT count(*) AS n FROM v2;
