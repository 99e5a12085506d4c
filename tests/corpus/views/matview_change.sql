-- current
CREATE TABLE t (id int PRIMARY KEY, a text, b int);CREATE MATERIALIZED VIEW m AS SELECT id FROM t;
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text, b int);CREATE MATERIALIZED VIEW m AS SELECT id, a FROM t;
