-- current
CREATE TYPE e1 AS ENUM ('a', 'b'); CREATE TABLE t (x e1); CREATE VIEW v AS SELECT x FROM t;
-- desired
CREATE TYPE e2 AS ENUM ('a', 'b', 'c'); CREATE TABLE t (x e2); CREATE VIEW v AS SELECT x FROM t;
