-- current
CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (a int, m mood); CREATE VIEW v AS SELECT a, 'ok'::mood AS k FROM t;
-- desired
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE t (a int); CREATE VIEW v AS SELECT a, 'ok'::mood AS k FROM t;
