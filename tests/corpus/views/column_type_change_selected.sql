-- current
CREATE TABLE t (a int, b int); CREATE VIEW v AS SELECT a, b + 1 AS c FROM t; CREATE VIEW v2 AS SELECT a FROM t;
-- desired
CREATE TABLE t (a int, b bigint); CREATE VIEW v AS SELECT a, b + 1 AS c FROM t; CREATE VIEW v2 AS SELECT a FROM t;
