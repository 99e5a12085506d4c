-- current
CREATE TABLE t (id int PRIMARY KEY, a text, b int);
-- desired
CREATE TABLE t (id int PRIMARY KEY, a text, b int);CREATE MATERIALIZED VIEW m AS SELECT b, count(*) AS n FROM t GROUP BY b;
