-- current
CREATE TYPE mood AS ENUM ('a', 'b', 'c');
CREATE TABLE t (id integer, m mood);
CREATE MATERIALIZED VIEW v AS SELECT id, m FROM t;
CREATE TABLE o (id integer);
ALTER TABLE o ENABLE ROW LEVEL SECURITY;
CREATE POLICY o_seen ON o USING (o.id IN (SELECT id FROM v));
-- desired
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TABLE t (id integer, m mood);
CREATE MATERIALIZED VIEW v AS SELECT id, m FROM t;
CREATE TABLE o (id integer);
ALTER TABLE o ENABLE ROW LEVEL SECURITY;
CREATE POLICY o_seen ON o USING (o.id IN (SELECT id FROM v));
