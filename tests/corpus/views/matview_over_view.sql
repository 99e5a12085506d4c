-- current
CREATE TABLE t (id int PRIMARY KEY, a text, b int);
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text, b int);CREATE VIEW v AS SELECT id, b FROM t; CREATE MATERIALIZED VIEW m AS SELECT b FROM v;
