-- current
CREATE TABLE t (id int PRIMARY KEY, a text, b int);CREATE VIEW v1 AS SELECT id, b FROM t; CREATE VIEW v2 AS SELECT id FROM v1;
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text, b int);CREATE VIEW v1 AS SELECT id, b, a FROM t; CREATE VIEW v2 AS SELECT id FROM v1;
