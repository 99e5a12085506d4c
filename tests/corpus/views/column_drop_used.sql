-- current
CREATE TABLE t (a int, b int); CREATE VIEW v AS SELECT a, b FROM t;
-- desired
CREATE TABLE t (a int); CREATE VIEW v AS SELECT a FROM t;
