-- current
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TABLE t (id integer, m mood);
CREATE VIEW v AS SELECT id, m FROM t;
CREATE TABLE o (id integer, k text);
ALTER TABLE o ENABLE ROW LEVEL SECURITY;
CREATE POLICY o_mood ON o FOR SELECT USING (o.k::mood <> 'a'::mood);
CREATE POLICY o_view ON o FOR UPDATE USING (EXISTS (SELECT 1 FROM v WHERE v.id = o.id));
-- desired
CREATE TYPE mood AS ENUM ('a', 'b', 'c');
CREATE TABLE t (id integer, m mood);
CREATE VIEW v AS SELECT id, m FROM t;
CREATE TABLE o (id integer, k text);
ALTER TABLE o ENABLE ROW LEVEL SECURITY;
CREATE POLICY o_mood ON o FOR SELECT USING (o.k::mood <> 'a'::mood);
CREATE POLICY o_view ON o FOR UPDATE USING (EXISTS (SELECT 1 FROM v WHERE v.id = o.id));
