-- current
CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (m mood); CREATE VIEW v AS SELECT m FROM t WHERE m <> 'sad';
-- desired
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE t (m mood); CREATE VIEW v AS SELECT m FROM t WHERE m <> 'sad';
