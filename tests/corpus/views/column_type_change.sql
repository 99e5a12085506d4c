-- current
CREATE TABLE t (a int, b varchar(10)); CREATE VIEW v AS SELECT a, b FROM t;
-- desired
CREATE TABLE t (a int, b varchar(30)); CREATE VIEW v AS SELECT a, b FROM t;
