-- current
CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (m mood, n int); CREATE VIEW v AS SELECT m, n FROM t; CREATE VIEW v2 AS SELECT n FROM v WHERE m = 'ok';
-- desired
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE t (m mood, n int); CREATE VIEW v AS SELECT m, n FROM t; CREATE VIEW v2 AS SELECT n FROM v WHERE m = 'ok';
