-- current
CREATE TABLE t (id int PRIMARY KEY, a text, b int);CREATE VIEW v AS SELECT id, a FROM t;
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text, b int);CREATE VIEW v AS SELECT id, a AS title FROM t;
