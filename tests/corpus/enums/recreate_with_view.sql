-- current
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');CREATE TABLE t (m mood); CREATE VIEW v AS SELECT m FROM t;
-- desired
CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE TABLE t (m mood); CREATE VIEW v AS SELECT m FROM t;
